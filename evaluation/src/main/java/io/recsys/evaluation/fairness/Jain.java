package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Jain's fairness index over item exposure counts; higher is fairer.
 *
 * <p>From {@code FairWORel.get_jain}: original J = (km)^2 / (n * sum c_i^2). Corrected (J - k/n) /
 * (J_max - k/n) with J_max = (km)^2 / n / (n q^2 + r (2q + 1)): the denominator of J_max is the
 * smallest achievable sum of squares (q or q + 1 per item), and k/n is J when every user gets the
 * same k items. Undefined when m = 1 or n = k.
 */
public final class Jain implements ExposureFairnessMeasure {
  public static final String NAME = "Jain";

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
    double km = exposure.slots();
    double q = exposure.maximinShare();
    double r = exposure.slotRemainder();
    double jain = km * km / ((double) n * exposure.sumOfSquaredCounts());
    double jainMax = km * km / n / (n * q * q + r * (2 * q + 1));
    AchievableRange range = new AchievableRange((double) exposure.listLength() / n, jainMax);

    List<String> notes = new ArrayList<>();
    OptionalDouble corrected = range.rescaleUnlessForced(exposure, jain, notes);
    return FairnessScore.corrected(NAME, direction(), OptionalDouble.of(jain), corrected, notes);
  }
}
