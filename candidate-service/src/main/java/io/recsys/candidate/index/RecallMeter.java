package io.recsys.candidate.index;

import java.util.Arrays;
import java.util.Objects;

/**
 * Recall of an approximate index against an exact one: for each query, the share of the exact
 * top-k the approximate top-k also returns. Offline measurement (tests, benchmark, training
 * reports), not a hot path. Stateless and thread-safe.
 */
public final class RecallMeter {
  private RecallMeter() {}

  /**
   * Mean over queries of {@code |approx ∩ exact| / |exact|} for top-{@code k} searches with
   * {@code filter}. Queries whose exact result is empty (nothing passes the filter) are left out of
   * the mean; if every query is such, the recall is 1 (nothing to miss).
   */
  public static double recallAtK(ItemIndex approx, ItemIndex exact, float[][] queries, int k, SearchFilter filter) {
    Objects.requireNonNull(approx, "approx");
    Objects.requireNonNull(exact, "exact");
    Objects.requireNonNull(queries, "queries");
    if (k < 1) throw new IllegalArgumentException("k must be >= 1: " + k);
    Neighbours a = new Neighbours(k);
    Neighbours e = new Neighbours(k);
    double sum = 0;
    int counted = 0;
    for (float[] q : queries) {
      approx.search(q, k, filter, a);
      exact.search(q, k, filter, e);
      if (e.isEmpty()) continue;
      sum += overlap(a.toRowArray(), e.toRowArray()) / (double) e.size();
      counted++;
    }
    return counted == 0 ? 1.0 : sum / counted;
  }

  /** Number of rows in both arrays (each holds distinct rows); sorts both arrays in place. */
  public static int overlap(int[] x, int[] y) {
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < x.length && j < y.length) {
      if (x[i] < y[j]) {
        i++;
      } else if (x[i] > y[j]) {
        j++;
      } else {
        n++;
        i++;
        j++;
      }
    }
    return n;
  }
}
