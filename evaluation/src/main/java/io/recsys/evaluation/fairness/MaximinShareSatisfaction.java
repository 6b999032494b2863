package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * FSat, the fraction of items whose exposure count reaches their maximin share q = floor(km / n);
 * higher is fairer.
 *
 * <p>From {@code FairWORel.get_fsat}: original |{i : c_i &ge; q}| / n, unexposed items included
 * (they satisfy 0 &ge; q only when q = 0). Corrected (FSat - k/n) / (1 - k/n), evaluated here on
 * item counts as (|satisfied| - k) / (n - k), the same ratio with exact ends. Undefined when n = k.
 *
 * <p>Two limitations are reported as notes rather than hidden:
 *
 * <ul>
 *   <li>km &lt; n makes q = 0, so every item is satisfied and FSat is always 1 (the paper calls
 *       this unfixable);
 *   <li>the correction takes k/n (every user getting the same k items) as the least achievable
 *       FSat, but fewer than k items can reach q: with n = 4, k = 3, m = 4 and lists {0,1,2},
 *       {0,1,2}, {0,1,3}, {0,1,3}, q = 3 and only items 0 and 1 reach it, so the corrected value is
 *       -1. Such values are returned as computed, with a note.
 * </ul>
 */
public final class MaximinShareSatisfaction implements ExposureFairnessMeasure {
  public static final String NAME = "FSat";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FairnessDirection direction() {
    return FairnessDirection.HIGHER_IS_FAIRER;
  }

  @Override
  public FairnessScore score(ExposureCounts exposure) {
    int n = exposure.items();
    int k = exposure.listLength();
    long q = exposure.maximinShare();
    int satisfied = 0;
    for (int c : exposure.countsView()) {
      if (c >= q) {
        satisfied++;
      }
    }
    List<String> notes = new ArrayList<>();
    if (q == 0) {
      notes.add("km = " + exposure.slots() + " < n = " + n + ": q = 0, FSat is always 1");
    }
    OptionalDouble corrected;
    if (n == k) {
      notes.add("n = k = " + n + ": the corrected value is undefined (1 - k/n = 0)");
      corrected = OptionalDouble.empty();
    } else {
      corrected = new AchievableRange(k, n).rescaleOrNote(satisfied, notes);
      if (satisfied < k) {
        notes.add("only " + satisfied + " item(s) reach the maximin share q = " + q + ", fewer than"
            + " k = " + k + ": the corrected FSat is below 0, outside the range the official"
            + " correction assumes");
      }
    }
    return FairnessScore.corrected(
        NAME, direction(), OptionalDouble.of((double) satisfied / n), corrected, notes);
  }
}
