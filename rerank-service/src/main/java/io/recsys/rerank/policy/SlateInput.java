package io.recsys.rerank.policy;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.Arrays;
import java.util.Objects;

/**
 * The ranked items of one request as a struct of arrays, filled with {@link #add} in the ranker's order
 * and read by {@link SlateReranker}. Reusable: {@link #clear()} empties it and keeps its arrays, so a
 * caller that keeps one per worker allocates nothing in the steady state.
 *
 * <p>What {@link #add} stores, and why:
 *
 * <ul>
 *   <li>Embeddings are copied into one flat {@code float[]} ({@code size × embeddingDim}), normalised to
 *       unit length, so the re-ranker's cosine is a plain dot product over contiguous memory. A missing
 *       ({@code null}) or all-zero embedding is stored as zeros: similarity 0 to everything.
 *   <li>Categories are remapped to dense group ids {@code 0..groupCount()-1} in order of first
 *       appearance, so per-category counters are small arrays whatever the ids; -1 stays -1 (none).
 *   <li>Counts are clamped: negative impressions or clicks to 0, clicks to at most impressions (the
 *       feature store's counters are updated separately and need not be consistent).
 * </ul>
 *
 * <p>Thread-safety: not thread-safe; one request at a time. The re-ranker only reads it.
 */
public final class SlateInput {
  private static final int INITIAL_CAPACITY = 64;

  private final int embeddingDim;
  private int size;
  private String[] itemIds = new String[INITIAL_CAPACITY];
  private double[] scores = new double[INITIAL_CAPACITY];
  private double[] clickProbabilities = new double[INITIAL_CAPACITY];
  private int[] categories = new int[INITIAL_CAPACITY];
  private int[] groups = new int[INITIAL_CAPACITY];
  private long[] impressions = new long[INITIAL_CAPACITY];
  private long[] clicks = new long[INITIAL_CAPACITY];
  private double[] boosts = new double[INITIAL_CAPACITY];
  private boolean[] hasEmbedding = new boolean[INITIAL_CAPACITY];
  private float[] embeddings;
  private final Int2IntOpenHashMap groupOfCategory = new Int2IntOpenHashMap();

  private int pinCount;
  private int[] pinItems = new int[4];
  private int[] pinSlots = new int[4];

  /** @param embeddingDim the length of every embedding; 0 when the request carries none */
  public SlateInput(int embeddingDim) {
    if (embeddingDim < 0) throw new IllegalArgumentException("embeddingDim must be >= 0: " + embeddingDim);
    this.embeddingDim = embeddingDim;
    this.embeddings = new float[INITIAL_CAPACITY * embeddingDim];
    groupOfCategory.defaultReturnValue(-1);
  }

  /** Empties the input (items and pins), keeping its arrays for the next request. */
  public void clear() {
    // Embedding rows are overwritten in full by add(), so they need no clearing; the ids are dropped
    // so that a pooled input keeps no earlier request's strings alive.
    Arrays.fill(itemIds, 0, size, null);
    size = 0;
    pinCount = 0;
    groupOfCategory.clear();
  }

  /**
   * Adds the next ranked item.
   *
   * @param itemId the item's id (not null)
   * @param score the ranker's final score, higher better: breaks ties between equal qualities
   * @param clickProbability the ranker's calibrated P(click), in [0, 1]: the centre of the item's prior
   * @param category a small non-negative category id, or -1 for none
   * @param embedding {@code embeddingDim} floats (copied and normalised), or null when unknown
   * @param impressions the item's raw impression count from the feature store (clamped to >= 0)
   * @param clicks the item's raw click count (clamped to [0, impressions])
   * @param boost a business multiplier on the item's quality, >= 0 (1 = none, 0 = last resort)
   * @return the item's index, 0 for the first item added after construction or {@link #clear()}
   */
  public int add(String itemId, double score, double clickProbability, int category, float[] embedding,
      long impressions, long clicks, double boost) {
    Objects.requireNonNull(itemId, "itemId");
    if (!Double.isFinite(score)) throw new IllegalArgumentException("score of " + itemId + " must be finite: " + score);
    if (!(clickProbability >= 0 && clickProbability <= 1)) {
      throw new IllegalArgumentException("clickProbability of " + itemId + " must be in [0, 1]: " + clickProbability);
    }
    if (category < -1) throw new IllegalArgumentException("category of " + itemId + " must be >= 0 or -1: " + category);
    if (!(boost >= 0) || Double.isInfinite(boost)) {
      throw new IllegalArgumentException("boost of " + itemId + " must be >= 0 and finite: " + boost);
    }
    if (embedding != null && embedding.length != embeddingDim) {
      throw new IllegalArgumentException("embedding of " + itemId + " has " + embedding.length
          + " dimensions, the input " + embeddingDim);
    }
    if (size == itemIds.length) grow();
    int i = size;
    itemIds[i] = itemId;
    scores[i] = score;
    clickProbabilities[i] = clickProbability;
    categories[i] = category;
    if (category < 0) {
      groups[i] = -1;
    } else {
      int g = groupOfCategory.get(category);
      if (g < 0) {
        g = groupOfCategory.size();
        groupOfCategory.put(category, g);
      }
      groups[i] = g;
    }
    long imp = Math.max(0, impressions);
    this.impressions[i] = imp;
    this.clicks[i] = Math.min(Math.max(0, clicks), imp);
    boosts[i] = boost;
    hasEmbedding[i] = embedding != null && storeNormalised(itemId, embedding, i * embeddingDim);
    if (!hasEmbedding[i]) Arrays.fill(embeddings, i * embeddingDim, (i + 1) * embeddingDim, 0f);
    size = i + 1;
    return i;
  }

  /** Writes the unit-length copy of {@code e} at {@code offset}; false (nothing written) for a zero vector. */
  private boolean storeNormalised(String itemId, float[] e, int offset) {
    double sq = 0;
    for (int d = 0; d < e.length; d++) {
      float x = e[d];
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("embedding of " + itemId + " has a non-finite value at " + d + ": " + x);
      }
      sq += (double) x * x;
    }
    if (sq == 0) return false;
    double inv = 1.0 / Math.sqrt(sq);
    for (int d = 0; d < e.length; d++) embeddings[offset + d] = (float) (e[d] * inv);
    return true;
  }

  /**
   * Pins item {@code index} to slot {@code slot} (0-based) of the slate. A pin beyond the slate size of
   * a request is ignored there (the item competes as usual).
   *
   * @throws IllegalArgumentException for an index not added, a negative slot, an item already pinned to
   *     another slot or a slot already pinned to another item (pinning the same pair again is a no-op)
   */
  public void pin(int index, int slot) {
    if (index < 0 || index >= size) throw new IllegalArgumentException("pin: no item " + index + " (size " + size + ")");
    if (slot < 0) throw new IllegalArgumentException("pin: slot must be >= 0: " + slot);
    for (int p = 0; p < pinCount; p++) {
      if (pinItems[p] == index && pinSlots[p] == slot) return;
      if (pinItems[p] == index) {
        throw new IllegalArgumentException("pin: item " + index + " is already pinned to slot " + pinSlots[p]);
      }
      if (pinSlots[p] == slot) {
        throw new IllegalArgumentException("pin: slot " + slot + " is already pinned to item " + pinItems[p]);
      }
    }
    if (pinCount == pinItems.length) {
      pinItems = Arrays.copyOf(pinItems, pinCount * 2);
      pinSlots = Arrays.copyOf(pinSlots, pinCount * 2);
    }
    pinItems[pinCount] = index;
    pinSlots[pinCount] = slot;
    pinCount++;
  }

  public int size() {
    return size;
  }

  public String itemId(int index) {
    Objects.checkIndex(index, size);
    return itemIds[index];
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  /** The category the item was added with (-1 for none). */
  public int category(int index) {
    Objects.checkIndex(index, size);
    return categories[index];
  }

  /** The number of distinct categories among the items (-1 not counted). */
  public int groupCount() {
    return groupOfCategory.size();
  }

  public int pinCount() {
    return pinCount;
  }

  // Package-private array views for the re-ranker's loops: valid for indices below size() only.

  int pinItem(int p) {
    return pinItems[p];
  }

  int pinSlot(int p) {
    return pinSlots[p];
  }

  double[] scores() {
    return scores;
  }

  double[] clickProbabilities() {
    return clickProbabilities;
  }

  /** Dense group id per item, -1 for none. */
  int[] groups() {
    return groups;
  }

  long[] impressions() {
    return impressions;
  }

  long[] clicks() {
    return clicks;
  }

  double[] boosts() {
    return boosts;
  }

  boolean[] hasEmbedding() {
    return hasEmbedding;
  }

  /** Unit (or zero) vectors, item i at {@code [i·embeddingDim, (i+1)·embeddingDim)}. */
  float[] embeddings() {
    return embeddings;
  }

  private void grow() {
    int cap = itemIds.length * 2;
    itemIds = Arrays.copyOf(itemIds, cap);
    scores = Arrays.copyOf(scores, cap);
    clickProbabilities = Arrays.copyOf(clickProbabilities, cap);
    categories = Arrays.copyOf(categories, cap);
    groups = Arrays.copyOf(groups, cap);
    impressions = Arrays.copyOf(impressions, cap);
    clicks = Arrays.copyOf(clicks, cap);
    boosts = Arrays.copyOf(boosts, cap);
    hasEmbedding = Arrays.copyOf(hasEmbedding, cap);
    embeddings = Arrays.copyOf(embeddings, cap * embeddingDim);
  }
}
