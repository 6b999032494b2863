package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The Gini index of exposure counts over the whole catalogue; lower is fairer.
 *
 * <p>From {@code FairWORel.get_gini} ("#gini_ori" and "#gini_our"). Original: G = sum_j (2j - n -
 * 1) c_(j) / (km n), counts sorted ascending with the unexposed items' zeros first (j = 1..n).
 * Corrected: (G - G_min) / (1 - k/n - G_min) with G_min = (n - r) r / (n km), the Gini of the most
 * even allocation; 1 - k/n is G when every user gets the same k items.
 *
 * <p>All three quantities share the factor 1 / (n km), so the correction is evaluated on the exact
 * integer numerators sum_j (2j - n - 1) c_(j), (n - r) r and (n - k) km: mathematically the same
 * ratio, with exact ends. Undefined when m = 1 or n = k.
 */
public final class Gini implements ExposureFairnessMeasure {
  public static final String NAME = "Gini";

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
    long km = exposure.slots();
    long r = exposure.slotRemainder();
    int[] sorted = exposure.sortedCountsView();
    long numerator = 0;
    // Zeros contribute nothing, so start at the first exposed item.
    for (int j = n - exposure.exposedItems() + 1; j <= n; j++) {
      numerator += (2L * j - n - 1) * sorted[j - 1];
    }
    double gini = (double) numerator / km / n;

    long minNumerator = (n - r) * r;
    long maxNumerator = (long) (n - exposure.listLength()) * km;
    List<String> notes = new ArrayList<>();
    OptionalDouble corrected = new AchievableRange(minNumerator, maxNumerator)
        .rescaleUnlessForced(exposure, numerator, notes);
    return FairnessScore.corrected(NAME, direction(), OptionalDouble.of(gini), corrected, notes);
  }
}
