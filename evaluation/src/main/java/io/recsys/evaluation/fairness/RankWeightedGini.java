package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Gini-w, the Gini index of rank-weighted exposure w_i = sum over lists holding i of
 * a_rank = 1/log2(rank + 1); lower is fairer.
 *
 * <p>From {@code FairWORel.get_gini} ("#gini_w_ori" and "#gini_w_our"). Original: sum_j (2j - n -
 * 1) w_(j) / (W n), weights sorted ascending with zeros first, W = sum_i w_i.
 *
 * <p>Corrected: (G_w - G_w,min) / (G_w,max - G_w,min), both ends over the common denominator
 * n m sum_{l=1..k} a_l:
 *
 * <ul>
 *   <li>max numerator: sum_{t=0..k-1} (2 (n-k+1+t) - n - 1) m a_{k-t} = m sum_l (n - 2l + 1) a_l,
 *       every user ranking the same k items in the same order (the code's {@code ell} and flipped
 *       {@code log_array});
 *   <li>min numerator, when km &le; n: sum_{l=1..k} sum_{j = n-lm+1 .. n-lm+m} (2j - n - 1) a_l,
 *       every slot on its own item, so the m items shown at rank l hold sorted positions n - lm +
 *       1 .. n - (l-1) m (the code's double loop; the inner sum is m (n - (2l - 1) m) in closed
 *       form, used here);
 *   <li>min when km &gt; n: the code uses 0. That bound is generally not attained (ranks cannot
 *       always be spread evenly), so the most even allocation can score above 0; a note says so.
 * </ul>
 *
 * Undefined when m = 1 (min = max) or n = 1. Unlike the count-based measures, Gini-w stays defined
 * for n = k and m &ge; 2, because which rank each item gets still varies.
 */
public final class RankWeightedGini implements ExposureFairnessMeasure {
  public static final String NAME = "Gini-w";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FairnessDirection direction() {
    return FairnessDirection.LOWER_IS_FAIRER;
  }

  @Override
  public FairnessScore score(ExposureCounts exposure) {
    int n = exposure.items();
    int k = exposure.listLength();
    long m = exposure.users();
    double[] sorted = exposure.rankWeightedView().clone();
    Arrays.sort(sorted);
    double total = 0;
    double weighted = 0;
    for (int j = n - exposure.exposedItems() + 1; j <= n; j++) {
      double w = sorted[j - 1];
      total += w;
      weighted += (2.0 * j - n - 1) * w;
    }
    double giniW = weighted / total / n;

    List<String> notes = new ArrayList<>();
    if (m == 1 || n == 1) {
      notes.add((m == 1 ? "m = 1" : "n = 1") + ": every allocation has the same rank-weighted"
          + " exposure profile, so the corrected value is undefined (min = max, denominator 0)");
      return FairnessScore.corrected(
          NAME, direction(), OptionalDouble.of(giniW), OptionalDouble.empty(), notes);
    }
    double weightSum = 0;
    double maxNumerator = 0;
    double minNumerator = 0;
    boolean distinctSlots = exposure.slots() <= n;
    for (int l = 1; l <= k; l++) {
      double a = 1.0 / ExposureCounts.log2(l + 1);
      weightSum += a;
      maxNumerator += (double) (n - 2L * l + 1) * m * a;
      if (distinctSlots) {
        minNumerator += (double) m * (n - (2L * l - 1) * m) * a;
      }
    }
    if (!distinctSlots) {
      notes.add("km = " + exposure.slots() + " > n = " + n + ": the official lower bound 0 for"
          + " Gini-w is used; it is not always attainable, so even the most even allocation can"
          + " have a corrected Gini-w above 0");
    }
    double denominator = n * m * weightSum;
    OptionalDouble corrected =
        new AchievableRange(minNumerator / denominator, maxNumerator / denominator)
            .rescaleOrNote(giniW, notes);
    return FairnessScore.corrected(NAME, direction(), OptionalDouble.of(giniW), corrected, notes);
  }
}
