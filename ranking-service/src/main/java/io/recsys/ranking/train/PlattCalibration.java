package io.recsys.ranking.train;

/**
 * Platt scaling: a calibrated probability {@code σ(a·logit + b)} fitted on validation examples by
 * Newton's method on the log-loss (with Platt's smoothed targets, so a perfectly separated validation
 * set does not drive {@code a} to infinity). Monotone, so it never changes a ranking; it exists because
 * the re-ranker's Thompson priors are centred on these probabilities. Immutable, thread-safe.
 */
public record PlattCalibration(double a, double b) {
  public static final PlattCalibration IDENTITY = new PlattCalibration(1, 0);
  private static final int MAX_ITERATIONS = 100;

  public PlattCalibration {
    if (!Double.isFinite(a) || !Double.isFinite(b)) throw new IllegalArgumentException("calibration a, b must be finite: " + a + ", " + b);
  }

  public double apply(double logit) {
    return sigmoid(a * logit + b);
  }

  /** The calibrated probability of an uncalibrated one. */
  public double applyToProbability(double p) {
    double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
    return apply(Math.log(q / (1 - q)));
  }

  /** Fits on logits and 0/1 labels; identity when the labels hold a single class. */
  public static PlattCalibration fit(double[] logits, float[] labels) {
    return fit(logits, labels, null);
  }

  /**
   * Fits on weighted examples (null weights: all 1). A subsampled negative weighs as the negatives it
   * stands for, so the fitted probabilities are those of the full candidate list.
   */
  public static PlattCalibration fit(double[] logits, float[] labels, float[] weights) {
    int n = logits.length;
    if (labels.length != n) throw new IllegalArgumentException(n + " logits but " + labels.length + " labels");
    if (weights != null && weights.length != n) throw new IllegalArgumentException(n + " logits but " + weights.length + " weights");
    double pos = 0, neg = 0;
    for (int i = 0; i < n; i++) {
      double wi = weights == null ? 1 : weights[i];
      if (labels[i] > 0) pos += wi;
      else neg += wi;
    }
    if (pos == 0 || neg == 0) return IDENTITY;
    double hi = (pos + 1.0) / (pos + 2.0), lo = 1.0 / (neg + 2.0);
    double a = 1, b = 0;
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
      for (int i = 0; i < n; i++) {
        double t = labels[i] > 0 ? hi : lo;
        double p = sigmoid(a * logits[i] + b);
        double wi = weights == null ? 1 : weights[i];
        double d = (p - t) * wi, w = Math.max(p * (1 - p), 1e-12) * wi;
        ga += d * logits[i];
        gb += d;
        haa += w * logits[i] * logits[i];
        hab += w * logits[i];
        hbb += w;
      }
      haa += 1e-9;
      hbb += 1e-9;
      double det = haa * hbb - hab * hab;
      if (!(Math.abs(det) > 1e-18)) break;
      double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
    }
    return Double.isFinite(a) && Double.isFinite(b) ? new PlattCalibration(a, b) : IDENTITY;
  }

  /**
   * Expected calibration error over {@code bins} equal-width probability bins: the example-weighted
   * mean of |mean predicted − observed rate| per bin.
   */
  public static double expectedCalibrationError(double[] probabilities, float[] labels, int bins) {
    return expectedCalibrationError(probabilities, labels, null, bins);
  }

  /** As {@link #expectedCalibrationError(double[], float[], int)} with example weights (null: all 1). */
  public static double expectedCalibrationError(double[] probabilities, float[] labels, float[] weights, int bins) {
    double[] sumP = new double[bins], sumY = new double[bins];
    double total = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double wi = weights == null ? 1 : weights[i];
      int bin = Math.min(bins - 1, (int) (probabilities[i] * bins));
      sumP[bin] += wi * probabilities[i];
      sumY[bin] += labels[i] > 0 ? wi : 0;
      total += wi;
    }
    if (total == 0) return 0;
    double ece = 0;
    for (int k = 0; k < bins; k++) ece += Math.abs(sumP[k] - sumY[k]) / total;
    return ece;
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }
}
