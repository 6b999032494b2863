package io.recsys.core.synthetic;

import java.util.SplittableRandom;

/**
 * Random variates the generator draws, written out here rather than taken from
 * {@code RandomGenerator.nextGaussian()} and {@code Math}: the JDK leaves the Gaussian algorithm and
 * the last bit of {@code Math.log/exp/cos} to the implementation, and byte-identical output across
 * JVMs and CPUs needs both fixed. Everything uses {@link StrictMath} and {@link SplittableRandom},
 * whose algorithms are specified.
 *
 * <p>Stateless; safe to share between threads as long as each thread has its own generator.
 */
final class RandomVariates {
  private RandomVariates() {}

  /**
   * The seed of random stream {@code stream}, element {@code index}, under master seed {@code seed}:
   * two rounds of the SplitMix64 finaliser, so that neighbouring indexes give unrelated streams and
   * a user's generator can be made without generating the users before it.
   */
  static long streamSeed(long seed, long stream, long index) {
    return mix64(mix64(seed ^ mix64(stream + 0x9E3779B97F4A7C15L)) + index * 0x9E3779B97F4A7C15L);
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Standard normal by the Marsaglia polar method (the second variate of each pair is dropped). */
  static double gaussian(SplittableRandom rng) {
    double u;
    double v;
    double s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
  }

  /** Exponential with the given mean. */
  static double exponential(SplittableRandom rng, double mean) {
    return -mean * StrictMath.log(1 - rng.nextDouble());
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 by the boost Gamma(a+1) * U^(1/a). */
  static double gamma(SplittableRandom rng, double shape) {
    if (shape < 1) {
      double u = 1 - rng.nextDouble(); // (0, 1]
      return gamma(rng, shape + 1) * StrictMath.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / StrictMath.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = gaussian(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (StrictMath.log(u) < 0.5 * x * x + d * (1 - v + StrictMath.log(v))) return d * v;
    }
  }

  /** Beta(alpha, beta) as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
  static double beta(SplittableRandom rng, double alpha, double beta) {
    double x = gamma(rng, alpha);
    double y = gamma(rng, beta);
    return x / (x + y);
  }

  /**
   * A geometric count k >= 1 with P(k) = (1 - q) q^(k-1), mean 1 / (1 - q), by inversion (one
   * uniform, no loop). Capped at {@code Integer.MAX_VALUE}.
   */
  static int geometric(SplittableRandom rng, double q) {
    if (q <= 0) return 1;
    double u = 1 - rng.nextDouble(); // (0, 1]
    double k = 1 + Math.floor(StrictMath.log(u) / StrictMath.log(q));
    return k >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) k;
  }

  /** Fills {@code v[0..n)} with a uniformly random permutation of 0..n-1 (Fisher-Yates). */
  static void permutation(SplittableRandom rng, int[] v, int n) {
    for (int i = 0; i < n; i++) v[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
  }

  /**
   * The first index in {@code [from, to)} whose cumulative value exceeds {@code u}; {@code cum} is
   * non-decreasing on that range and its last value is at least any {@code u} passed.
   */
  static int searchCumulative(double[] cum, int from, int to, double u) {
    int lo = from;
    int hi = to - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
