package io.recsys.candidate.interest;

import java.util.Arrays;

/**
 * Splits a retrieval budget over mixture components (kNN-Embed, METHODS §1 step 6): component c gets
 * a share of {@code total} proportional to its weight, rounded by largest remainder so the shares sum
 * to exactly {@code total}, with a per-component floor for components whose weight is at least
 * {@code minWeight}, so a real but minor interest is still queried.
 *
 * <p>The floor is a minimum, not an addition: components whose proportional share falls below it are
 * fixed at the floor and the rest of the budget is shared, again proportionally, among the others
 * (repeated until no share falls below the floor). Components of weight 0 get nothing; components
 * below {@code minWeight} get their proportional share, which may round to 0 (dropped). When the
 * budget cannot give every eligible component its floor, the heaviest components get the floor first
 * (the last one served may get less) and all others nothing. Ties, in ordering and in remainders,
 * go to the lower cluster id. The result sums to exactly {@code total} whenever some weight is positive
 * (all zeros otherwise).
 *
 * <p>Stateless and thread-safe. Allocates only small per-call arrays (one per component count).
 */
public final class BudgetAllocator {
  /** Every component that matters gets at least one query result. */
  public static final int DEFAULT_FLOOR = 1;
  /**
   * The floor applies from 5% weight: add-alpha smoothing gives every cluster a small positive weight
   * (0.5 / 28 = 0.018 for a 20-item history over 16 clusters), and those should not each claim a slot.
   */
  public static final float DEFAULT_MIN_WEIGHT = 0.05f;

  private BudgetAllocator() {}

  /** {@link #allocate(float[], int, int, float)} with {@link #DEFAULT_FLOOR} and {@link #DEFAULT_MIN_WEIGHT}. */
  public static int[] allocate(float[] weights, int total) {
    return allocate(weights, total, DEFAULT_FLOOR, DEFAULT_MIN_WEIGHT);
  }

  /**
   * @param weights mixture weights (need not sum to 1), finite and >= 0
   * @param total the budget to split, >= 0
   * @param floor the least a component of weight >= {@code minWeight} gets, >= 0
   * @param minWeight the weight from which the floor applies (compared with the raw weight), >= 0
   * @return the share of each component, index-aligned with {@code weights}
   * @throws IllegalArgumentException on a negative, NaN or infinite weight or a bad parameter
   */
  public static int[] allocate(float[] weights, int total, int floor, float minWeight) {
    if (total < 0) throw new IllegalArgumentException("total must be >= 0, was " + total);
    if (floor < 0) throw new IllegalArgumentException("floor must be >= 0, was " + floor);
    if (!(minWeight >= 0) || Float.isInfinite(minWeight)) {
      throw new IllegalArgumentException("minWeight must be a finite number >= 0, was " + minWeight);
    }
    int n = weights.length;
    for (int c = 0; c < n; c++) {
      float w = weights[c];
      if (!(w >= 0) || Float.isInfinite(w)) {
        throw new IllegalArgumentException("weight of component " + c + " must be a finite number >= 0, was " + w);
      }
    }
    int[] out = new int[n];
    if (total == 0) return out;
    boolean[] eligible = new boolean[n]; // positive and >= minWeight: owed the floor
    int eligibleCount = 0;
    int positive = 0;
    for (int c = 0; c < n; c++) {
      if (weights[c] > 0) positive++;
      if (weights[c] > 0 && weights[c] >= minWeight) {
        eligible[c] = true;
        eligibleCount++;
      }
    }
    if (positive == 0) return out;

    if (floor > 0 && (long) eligibleCount * floor > total) {
      // Not enough for every floor: heaviest first, ties to the lower id.
      int[] order = byWeightDescending(weights, eligible, eligibleCount);
      int left = total;
      for (int c : order) {
        int give = Math.min(floor, left);
        out[c] = give;
        left -= give;
        if (left == 0) break;
      }
      return out;
    }

    // Water-filling: fix at the floor every eligible component whose share would fall below it.
    boolean[] fixed = new boolean[n];
    int fixedCount = 0;
    while (true) {
      int budget = total - fixedCount * floor;
      double free = 0;
      for (int c = 0; c < n; c++) if (weights[c] > 0 && !fixed[c]) free += weights[c];
      boolean changed = false;
      for (int c = 0; c < n; c++) {
        if (eligible[c] && !fixed[c] && (double) budget * weights[c] / free < floor) {
          fixed[c] = true;
          fixedCount++;
          changed = true;
        }
      }
      if (!changed) break;
    }
    int budget = total - fixedCount * floor;
    double free = 0;
    for (int c = 0; c < n; c++) if (weights[c] > 0 && !fixed[c]) free += weights[c];
    // free > 0 here: if every positive component were fixed, total would be below eligibleCount * floor.
    if (!(free > 0)) throw new IllegalStateException("no component left to share " + budget + " after floors");
    double[] remainder = new double[n];
    int given = 0;
    for (int c = 0; c < n; c++) {
      if (fixed[c]) {
        out[c] = floor;
      } else if (weights[c] > 0) {
        double quota = (double) budget * weights[c] / free;
        out[c] = (int) Math.floor(quota);
        remainder[c] = quota - out[c];
        given += out[c];
      }
    }
    int left = budget - given;
    if (left < 0) throw new IllegalStateException("largest-remainder rounding gave out " + -left + " units too many");
    for (; left > 0; left--) {
      int best = -1;
      for (int c = 0; c < n; c++) {
        if (fixed[c] || weights[c] == 0 || remainder[c] < 0) continue;
        if (best < 0 || remainder[c] > remainder[best]) best = c;
      }
      if (best < 0) throw new IllegalStateException("largest-remainder rounding has " + left + " units and no component");
      out[best]++;
      remainder[best] = -1; // one extra unit per component at most
    }
    return out;
  }

  private static int[] byWeightDescending(float[] weights, boolean[] include, int count) {
    Integer[] order = new Integer[count]; // a handful of components: boxing is harmless here
    int i = 0;
    for (int c = 0; c < weights.length; c++) if (include[c]) order[i++] = c;
    Arrays.sort(order, (a, b) -> weights[a] != weights[b] ? Float.compare(weights[b], weights[a]) : Integer.compare(a, b));
    int[] out = new int[count];
    for (int j = 0; j < count; j++) out[j] = order[j];
    return out;
  }
}
