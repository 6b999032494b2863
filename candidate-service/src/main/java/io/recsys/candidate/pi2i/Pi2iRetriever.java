package io.recsys.candidate.pi2i;

import io.recsys.candidate.embed.ItemVectors;
import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.util.Objects;

/**
 * PI2I's Personalised Retrieval Stage at request time (METHODS §2): the triggers are the user's
 * newest {@code triggers} history items (duplicates counted once); the candidates are the union of
 * their i2i lists minus the user's history and the request's excluded rows; every (trigger, target)
 * pair is scored by the {@link PairScorer}, a target keeps its best-scoring pair (and remembers that
 * trigger; on a tie the newer trigger), and the top {@code k} targets are written best first (ties by
 * row ascending) into a {@link Pi2iResult}.
 *
 * <p>Cost: one pass over triggers x N list entries to build the union and its aggregates, one more
 * to score the pairs ({@link PairFeatures#COUNT} multiply-adds each), and an O(candidates log k)
 * heap. A user with no history gets an empty result (the caller falls back to popular items).
 *
 * <p>Thread-safe: all mutable state is in a {@link Scratch} (catalogue-sized stamp arrays allocated
 * once per thread, never per call). {@link #retrieve(UserContext, int, IntSet, Pi2iResult)} keeps one
 * per thread in a {@link ThreadLocal}; callers that manage their own threads can pass one explicitly.
 */
public final class Pi2iRetriever {
  private final ItemToItemIndex i2i;
  private final PairScorer scorer;
  private final PairFeatures features;
  private final int clusterCount;
  private final int triggers;
  private final ThreadLocal<Scratch> local = ThreadLocal.withInitial(this::newScratch);

  /**
   * @param popularity per row, the same measure the scorer was trained with (the number of training
   *     users who engaged the item: {@code UserSequences.usersPerItem()})
   * @param triggers how many of the newest history items act as triggers (>= 1)
   */
  public Pi2iRetriever(ItemToItemIndex i2i, PairScorer scorer, ItemVectors normalised, int[] clusterOfRow,
      int clusterCount, float[] popularity, int triggers) {
    this.i2i = Objects.requireNonNull(i2i, "i2i");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    if (normalised.count() != i2i.itemCount()) {
      throw new IllegalArgumentException("vectors hold " + normalised.count() + " rows, the i2i index " + i2i.itemCount());
    }
    if (clusterCount < 1) throw new IllegalArgumentException("clusterCount must be >= 1: " + clusterCount);
    for (int c : clusterOfRow) {
      if (c < -1 || c >= clusterCount) throw new IllegalArgumentException("cluster " + c + " outside -1 (none).." + (clusterCount - 1));
    }
    if (triggers < 1) throw new IllegalArgumentException("triggers must be >= 1: " + triggers);
    this.features = new PairFeatures(normalised, clusterOfRow, popularity);
    this.clusterCount = clusterCount;
    this.triggers = triggers;
  }

  /** Per-thread working memory of {@link #retrieve}; not thread-safe. */
  public static final class Scratch {
    final CandidateUnion union;
    final float[] features = new float[PairFeatures.COUNT];
    int[] triggerRows = new int[16];
    int[] triggerPositions = new int[16];
    int[] heap = new int[64];

    Scratch(int items) {
      union = new CandidateUnion(items);
    }
  }

  public Scratch newScratch() {
    return new Scratch(i2i.itemCount());
  }

  public int triggers() {
    return triggers;
  }

  /** As {@link #retrieve(UserContext, int, IntSet, Pi2iResult, Scratch)} with this thread's scratch. */
  public void retrieve(UserContext user, int k, IntSet excludedRows, Pi2iResult out) {
    retrieve(user, k, excludedRows, out, local.get());
  }

  /**
   * Writes the user's top {@code k} targets into {@code out}.
   *
   * @param excludedRows rows never to return besides the history (request excludes); may be null
   * @throws IllegalArgumentException when {@code k} is not in {@code [1, out.capacity()]}, an
   *     excluded row is outside the catalogue, or the context's cluster count differs from this one's
   */
  public void retrieve(UserContext user, int k, IntSet excludedRows, Pi2iResult out, Scratch scratch) {
    if (k < 1 || k > out.capacity()) {
      throw new IllegalArgumentException("k must be in [1, " + out.capacity() + "] (the result's capacity): " + k);
    }
    if (user.clusterCount() != clusterCount) {
      throw new IllegalArgumentException("user context has " + user.clusterCount() + " clusters, the retriever " + clusterCount);
    }
    out.clear();
    CandidateUnion union = scratch.union;
    int items = union.items();
    union.begin();
    int history = user.historyLength();
    for (int h = 0; h < history; h++) union.exclude(user.historyRow(h));
    if (excludedRows != null) {
      for (IntIterator it = excludedRows.iterator(); it.hasNext(); ) {
        int row = it.nextInt();
        if (row < 0 || row >= items) throw new IllegalArgumentException("excluded row " + row + " outside 0.." + (items - 1));
        union.exclude(row);
      }
    }

    int nTriggers = collectTriggers(user, scratch);
    for (int x = 0; x < nTriggers; x++) {
      int t = scratch.triggerRows[x];
      union.addList(i2i, t, i2i.listLength(t));
    }
    if (union.size == 0) return;

    float[] f = scratch.features;
    for (int x = 0; x < nTriggers; x++) {
      int t = scratch.triggerRows[x];
      int tp = scratch.triggerPositions[x];
      int len = i2i.listLength(t);
      if (len == 0) continue;
      float top = i2i.score(t, 0);
      for (int pos = 0; pos < len; pos++) {
        int j = i2i.neighbour(t, pos);
        if (union.excluded(j)) continue;
        features.compute(user, tp, j, pos, i2i.score(t, pos), i2i.count(t, pos), top, union.support[j],
            union.scoreSum[j], 0f, f);
        float z = scorer.logit(f);
        // Strictly greater: on a tie the earlier (newer) trigger stays.
        if (z > union.bestLogit[j]) {
          union.bestLogit[j] = z;
          union.bestTrigger[j] = t;
        }
      }
    }
    selectTop(union, Math.min(k, union.size), scratch, out);
  }

  /** The distinct rows among the newest {@code triggers} history items, with their positions. */
  private int collectTriggers(UserContext user, Scratch s) {
    int limit = Math.min(triggers, user.historyLength());
    if (s.triggerRows.length < limit) {
      s.triggerRows = new int[limit];
      s.triggerPositions = new int[limit];
    }
    int n = 0;
    outer:
    for (int tp = 0; tp < limit; tp++) {
      int t = user.historyRow(tp);
      for (int x = 0; x < n; x++) if (s.triggerRows[x] == t) continue outer;
      s.triggerRows[n] = t;
      s.triggerPositions[n] = tp;
      n++;
    }
    return n;
  }

  /** Bounded min-heap of the best {@code k} candidates (root = worst kept), then written best first. */
  private static void selectTop(CandidateUnion u, int k, Scratch s, Pi2iResult out) {
    if (s.heap.length < k) s.heap = new int[Math.max(k, s.heap.length * 2)];
    int[] heap = s.heap;
    int size = 0;
    for (int c = 0; c < u.size; c++) {
      int j = u.candidates[c];
      assert u.bestTrigger[j] >= 0 : "candidate " + j + " was never scored";
      if (size < k) {
        heap[size] = j;
        siftUp(heap, size++, u.bestLogit);
      } else if (worse(heap[0], j, u.bestLogit)) {
        heap[0] = j;
        siftDown(heap, size, u.bestLogit);
      }
    }
    out.size(size);
    for (int i = size - 1; i >= 0; i--) {
      int j = heap[0];
      out.set(i, j, PairScorer.sigmoid(u.bestLogit[j]), u.bestTrigger[j]);
      heap[0] = heap[--size];
      siftDown(heap, size, u.bestLogit);
    }
  }

  /** True when a ranks below b: lower logit, or equal logit and higher row. */
  private static boolean worse(int a, int b, float[] logit) {
    return logit[a] < logit[b] || (logit[a] == logit[b] && a > b);
  }

  private static void siftUp(int[] heap, int i, float[] logit) {
    int x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(x, heap[parent], logit)) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = x;
  }

  private static void siftDown(int[] heap, int size, float[] logit) {
    if (size == 0) return;
    int i = 0;
    int x = heap[0];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && worse(heap[child + 1], heap[child], logit)) child++;
      if (!worse(heap[child], x, logit)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  }
}
