package io.recsys.evaluation.fairness;

import java.util.Arrays;

/**
 * Per-item exposure over all users' top-k lists: the count c_i (how many lists hold item i) and the
 * rank-weighted exposure sum over those lists of 1/log2(rank + 1) (rank 1-based), the weight that
 * Gini-w uses ({@code FairWORel.get_gini}: {@code 1/np.log2(position + 2)} with 0-based
 * positions).
 *
 * <p>Built in one pass over the lists; immutable and thread-safe afterwards (accessors return
 * copies, measures in this package read the arrays directly).
 */
public final class ExposureCounts {
  private final TopKLists lists;
  private final int[] counts;
  private final int[] sortedCounts;
  private final double[] rankWeighted;
  private final int exposedItems;
  private final long sumOfSquaredCounts;

  private ExposureCounts(TopKLists lists) {
    this.lists = lists;
    int n = lists.items();
    int k = lists.listLength();
    double[] rankWeight = new double[k];
    for (int rank = 1; rank <= k; rank++) {
      rankWeight[rank - 1] = 1.0 / log2(rank + 1);
    }
    counts = new int[n];
    rankWeighted = new double[n];
    for (int[] list : lists.rows()) {
      for (int pos = 0; pos < k; pos++) {
        int item = list[pos];
        counts[item]++;
        rankWeighted[item] += rankWeight[pos];
      }
    }
    int exposed = 0;
    long squares = 0;
    for (int c : counts) {
      if (c > 0) {
        exposed++;
        squares += (long) c * c;
      }
    }
    exposedItems = exposed;
    sumOfSquaredCounts = squares;
    sortedCounts = counts.clone();
    Arrays.sort(sortedCounts);
  }

  /**
   * Validates {@code lists} (see {@link TopKLists#of}) and counts exposure.
   *
   * @throws IllegalArgumentException on invalid lists, naming the offending value
   */
  public static ExposureCounts from(int[][] lists, int items) {
    return new ExposureCounts(TopKLists.of(lists, items));
  }

  public static ExposureCounts of(TopKLists lists) {
    return new ExposureCounts(lists);
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2.0);
  }

  public TopKLists lists() {
    return lists;
  }

  /** m. */
  public int users() {
    return lists.users();
  }

  /** k. */
  public int listLength() {
    return lists.listLength();
  }

  /** n. */
  public int items() {
    return lists.items();
  }

  /** km. */
  public long slots() {
    return lists.slots();
  }

  /** q = floor(km / n), the maximin share: the least count every item could be guaranteed. */
  public long maximinShare() {
    return slots() / items();
  }

  /** r = km mod n: how many items get q + 1 in the most even allocation. */
  public long slotRemainder() {
    return slots() % items();
  }

  /** c_i. */
  public int count(int item) {
    return counts[item];
  }

  /** Sum over the lists holding {@code item} of 1/log2(rank + 1). */
  public double rankWeightedExposure(int item) {
    return rankWeighted[item];
  }

  /** A copy of c_0..c_{n-1}. */
  public int[] counts() {
    return counts.clone();
  }

  /** A copy of the rank-weighted exposures, indexed by item. */
  public double[] rankWeightedExposures() {
    return rankWeighted.clone();
  }

  /** Items with c_i &gt; 0. */
  public int exposedItems() {
    return exposedItems;
  }

  /** Sum of c_i squared (exact). */
  public long sumOfSquaredCounts() {
    return sumOfSquaredCounts;
  }

  int[] countsView() {
    return counts;
  }

  /** Counts in ascending order, zeros (unexposed items) first. */
  int[] sortedCountsView() {
    return sortedCounts;
  }

  double[] rankWeightedView() {
    return rankWeighted;
  }
}
