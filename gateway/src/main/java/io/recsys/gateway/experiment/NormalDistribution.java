package io.recsys.gateway.experiment;

/**
 * The standard normal distribution, hand-written because no statistics library is on the gateway's
 * classpath and the report needs only the CDF. Pure functions; thread-safe.
 *
 * <p>{@link #erfc(double)} is the Chebyshev fit {@code erfcc} of Numerical Recipes (Press et al.,
 * <i>Numerical Recipes in C</i>, 2nd ed., §6.2), whose fractional error is below 1.2·10⁻⁷ everywhere.
 * Fractional (relative) error matters here: p-values are tail probabilities, and an absolute-error
 * approximation (such as Abramowitz-Stegun 7.1.26, 1.5·10⁻⁷ absolute) would be meaningless for
 * p-values near 10⁻⁷ while this one stays accurate to seven digits.
 */
public final class NormalDistribution {
  private static final double SQRT2 = Math.sqrt(2);

  private NormalDistribution() {
  }

  /** Φ(x) = P(Z ≤ x) for a standard normal Z. */
  public static double cdf(double x) {
    return 0.5 * erfc(-x / SQRT2);
  }

  /** P(|Z| ≥ |z|) = 2(1 − Φ(|z|)), computed as erfc(|z|/√2) to avoid the cancellation in 1 − Φ. */
  public static double twoSidedPValue(double z) {
    return erfc(Math.abs(z) / SQRT2);
  }

  /** The complementary error function, erfc(x) = 1 − erf(x), fractional error below 1.2·10⁻⁷. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) return Double.NaN;
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2.0 - ans;
  }
}
