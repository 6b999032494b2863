package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * QF, the fraction of the catalogue exposed at least once; higher is fairer.
 *
 * <p>From {@code FairWORel.get_QF}: original |{i : c_i &gt; 0}| / n. Corrected (|exposed| - k)
 * / (n - k) when km &ge; n and (|exposed| - k) / (k (m - 1)) otherwise, i.e. divided by
 * min(n, km) - k: at least k items are always exposed and at most min(n, km) can be. Computed on
 * item counts, so both ends are exact. Undefined when m = 1 or n = k.
 */
public final class QualifiedFraction implements ExposureFairnessMeasure {
  public static final String NAME = "QF";

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
    int exposed = exposure.exposedItems();
    double mostExposable = Math.min(n, exposure.slots());
    AchievableRange range = new AchievableRange(exposure.listLength(), mostExposable);
    List<String> notes = new ArrayList<>();
    OptionalDouble corrected = range.rescaleUnlessForced(exposure, exposed, notes);
    return FairnessScore.corrected(
        NAME, direction(), OptionalDouble.of((double) exposed / n), corrected, notes);
  }
}
