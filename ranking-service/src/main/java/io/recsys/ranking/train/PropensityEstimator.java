package io.recsys.ranking.train;

/**
 * Exposure propensities for IPS when the data logged none (Saito et al., METHODS.md §6): an item's
 * propensity is a power law of its popularity, {@code θ_i = (n_i / max_j n_j)^η}, clipped from below
 * at {@code floor} (the clipped estimator: items with no or few positives would otherwise get
 * unbounded weights). Immutable, thread-safe.
 *
 * @param eta the power, 0.5 in the paper
 * @param floor the clip M, in (0, 1]
 */
public record PropensityEstimator(double eta, double floor) {
  public static final double DEFAULT_ETA = 0.5;
  /** The paper's tuned clip (~0.0091) rounded up: with ~100 candidates per query, 0.01 caps a weight at 100. */
  public static final double DEFAULT_FLOOR = 0.01;

  public PropensityEstimator {
    if (!(eta > 0) || !Double.isFinite(eta)) throw new IllegalArgumentException("ips eta must be > 0: " + eta);
    if (!(floor > 0 && floor <= 1)) throw new IllegalArgumentException("ips floor (clip M) must be in (0, 1]: " + floor);
  }

  public static PropensityEstimator defaults() {
    return new PropensityEstimator(DEFAULT_ETA, DEFAULT_FLOOR);
  }

  /** Clipped propensity of every item from its count of training positives. */
  public double[] propensities(int[] positives) {
    int max = 0;
    for (int n : positives) {
      if (n < 0) throw new IllegalArgumentException("negative positive count: " + n);
      max = Math.max(max, n);
    }
    double[] out = new double[positives.length];
    for (int i = 0; i < positives.length; i++) {
      double theta = max == 0 ? 0 : Math.pow((double) positives[i] / max, eta);
      out[i] = Math.max(theta, floor);
    }
    return out;
  }

  /**
   * Loss weights for the ranker's pointwise examples. A positive gets {@code 1/θ} of its item; a
   * negative keeps weight 1. The IPS estimator would also give a positive the term
   * {@code (1 − 1/θ)·δ⁰} whose weight is negative: with log-loss that makes the objective unbounded
   * below (METHODS.md §6, the pitfall), so this is the non-negative variant that drops it. Positive
   * weights are then rescaled to average 1, so IPS changes which positives matter, not how much
   * positives weigh against negatives.
   *
   * @param item per example, its item (index into {@code propensity})
   * @param positive per example, whether it is a positive (click)
   */
  public static float[] weights(int[] item, float[] positive, double[] propensity) {
    float[] w = new float[item.length];
    double sum = 0;
    int count = 0;
    for (int i = 0; i < item.length; i++) {
      if (positive[i] > 0) {
        double p = item[i] >= 0 ? propensity[item[i]] : 1;
        w[i] = (float) (1 / p);
        sum += w[i];
        count++;
      } else {
        w[i] = 1;
      }
    }
    if (count > 0) {
      float scale = (float) (count / sum);
      for (int i = 0; i < w.length; i++) if (positive[i] > 0) w[i] *= scale;
    }
    return w;
  }
}
