package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Ent, the Shannon entropy of the exposure distribution p_i = c_i / km in base n; higher is fairer.
 *
 * <p>From {@code FairWORel.get_entropy}. Original: H = -sum over all n items of p_i log_n p_i. The
 * official code evaluates the unexposed items' 0 &middot; log 0 literally and returns NaN whenever
 * an item is unexposed; here the term is taken as its limit 0 and a note says so (the value then
 * equals the sum over exposed items, which is what the corrected version uses).
 *
 * <p>Corrected: (H - log_n k) / (H_max - log_n k), with H summed over exposed items only and
 * H_max = -(n - r) x log_n x - r x' log_n x' with x = q / km and x' = (q + 1) / km when km &ge; n
 * (the entropy of the most even allocation); when km &lt; n the denominator is log_n(km / k) =
 * log_n m, i.e. H_max = log_n(km). log_n k is H when every user gets the same k items. Undefined
 * when m = 1 or n = k; with n = 1 even the original is undefined (logarithm base 1).
 */
public final class ExposureEntropy implements ExposureFairnessMeasure {
  public static final String NAME = "Ent";

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
    List<String> notes = new ArrayList<>();
    if (n == 1) {
      notes.add("n = 1: entropy in base n is undefined (log 1 = 0)");
      return FairnessScore.corrected(
          NAME, direction(), OptionalDouble.empty(), OptionalDouble.empty(), notes);
    }
    double km = exposure.slots();
    double lnN = Math.log(n);
    double nats = 0;
    for (int c : exposure.countsView()) {
      if (c > 0) {
        double p = c / km;
        nats -= p * Math.log(p);
      }
    }
    double entropy = nats / lnN;
    int unexposed = n - exposure.exposedItems();
    if (unexposed > 0) {
      notes.add("0*log 0 taken as 0 for the " + unexposed + " unexposed item(s); the official"
          + " get_entropy returns NaN for the original in this case");
    }

    double logNk = Math.log(exposure.listLength()) / lnN;
    double entropyMax;
    if (km >= n) {
      double q = exposure.maximinShare();
      double r = exposure.slotRemainder();
      double x = q / km;
      double xPlus = (q + 1) / km;
      entropyMax = -(n - r) * (x * Math.log(x) / lnN) - r * (xPlus * Math.log(xPlus) / lnN);
    } else {
      entropyMax = logNk + Math.log(km / exposure.listLength()) / lnN;
    }
    OptionalDouble corrected =
        new AchievableRange(logNk, entropyMax).rescaleUnlessForced(exposure, entropy, notes);
    return FairnessScore.corrected(NAME, direction(), OptionalDouble.of(entropy), corrected, notes);
  }
}
