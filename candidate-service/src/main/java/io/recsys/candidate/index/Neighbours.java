package io.recsys.candidate.index;

/**
 * Reusable result buffer of a nearest-neighbour search: rows and scores, best first (higher score
 * first, equal scores by lower row). Allocate one per thread at the largest {@code k} it will ask for
 * and hand it to every search; nothing is allocated per search.
 *
 * <p>Indexes fill it through the collection protocol {@link #begin}, {@link #offer} (any order),
 * {@link #finish}: while collecting, the arrays hold a bounded heap whose root is the worst kept
 * entry, so keeping the best {@code k} of {@code n} offers costs {@code O(n log k)} and
 * {@link #wouldAccept} lets a caller skip expensive work (a set look-up) for rows that could not
 * enter. {@link #finish} heap-sorts in place into best-first order. Between {@code begin} and
 * {@code finish} the accessors are not meaningful.
 *
 * <p>Not thread-safe: one buffer per thread.
 */
public final class Neighbours {
  private final int[] rows;
  private final float[] scores;
  private int size;
  private int limit;
  private boolean collecting;

  public Neighbours(int capacity) {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    this.rows = new int[capacity];
    this.scores = new float[capacity];
  }

  /** The largest {@code k} a search may ask this buffer to hold. */
  public int capacity() {
    return rows.length;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Row of the {@code i}-th best result. */
  public int row(int i) {
    checkIndex(i);
    return rows[i];
  }

  /** Score (inner product with the query) of the {@code i}-th best result. */
  public float score(int i) {
    checkIndex(i);
    return scores[i];
  }

  /** The rows best first, as a fresh array (for tests and off-hot-path callers). */
  public int[] toRowArray() {
    int[] out = new int[size];
    System.arraycopy(rows, 0, out, 0, size);
    return out;
  }

  public void clear() {
    size = 0;
    limit = 0;
    collecting = false;
  }

  /** Starts collecting the best {@code k} offers; {@code k} must not exceed {@link #capacity}. */
  public void begin(int k) {
    if (k < 0) throw new IllegalArgumentException("k must be >= 0: " + k);
    if (k > rows.length) {
      throw new IllegalArgumentException("k " + k + " exceeds this Neighbours buffer's capacity " + rows.length);
    }
    size = 0;
    limit = k;
    collecting = true;
  }

  /**
   * Whether an offer of {@code (row, score)} would be kept right now: lets a caller skip work (an
   * exclusion look-up) for candidates that would be dropped anyway.
   */
  public boolean wouldAccept(int row, float score) {
    if (size < limit) return true;
    return limit > 0 && better(score, row, scores[0], rows[0]);
  }

  /** Offers a candidate; keeps it if it is among the best {@code k} offered so far. */
  public void offer(int row, float score) {
    assert collecting : "offer outside begin/finish";
    if (score != score) throw new IllegalArgumentException("NaN score for row " + row);
    if (size < limit) {
      rows[size] = row;
      scores[size] = score;
      siftUp(size++);
    } else if (limit > 0 && better(score, row, scores[0], rows[0])) {
      rows[0] = row;
      scores[0] = score;
      siftDown(0, size);
    }
  }

  /** Ends collection: sorts the kept entries best first. */
  public void finish() {
    // Heap sort: the root is the worst entry; moving it to the end each round leaves the array best first.
    for (int n = size - 1; n > 0; n--) {
      swap(0, n);
      siftDown(0, n);
    }
    collecting = false;
    assert isSortedBestFirst() : "Neighbours not sorted after finish";
  }

  /** {@code a} ranks before {@code b}: higher score, or equal score and lower row. */
  private static boolean better(float scoreA, int rowA, float scoreB, int rowB) {
    return scoreA > scoreB || (scoreA == scoreB && rowA < rowB);
  }

  // Min-heap on rank: the parent is worse than (ranks after) its children.
  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(scores[parent], rows[parent], scores[i], rows[i])) return;
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i, int n) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= n) return;
      int worst = left;
      int right = left + 1;
      if (right < n && better(scores[left], rows[left], scores[right], rows[right])) worst = right;
      if (!better(scores[i], rows[i], scores[worst], rows[worst])) return;
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    int r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }

  private boolean isSortedBestFirst() {
    for (int i = 1; i < size; i++) {
      if (better(scores[i], rows[i], scores[i - 1], rows[i - 1])) return false;
    }
    return true;
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException("result " + i + " of " + size);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Neighbours[");
    for (int i = 0; i < size; i++) {
      if (i > 0) sb.append(", ");
      sb.append(rows[i]).append(':').append(scores[i]);
    }
    return sb.append(']').toString();
  }
}
