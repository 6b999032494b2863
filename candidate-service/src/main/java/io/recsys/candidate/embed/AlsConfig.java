package io.recsys.candidate.embed;

/**
 * Settings of {@link ImplicitAls}. Immutable; every default is a named constant and the compact
 * constructor rejects a bad value with a message naming the setting.
 *
 * @param dim factor dimension
 * @param iterations alternating rounds (each solves all users, then all items)
 * @param regularization the ridge term lambda added to every row's normal equations; must be > 0,
 *     which also keeps every system positive definite
 * @param alpha confidence slope: an observed (user, item) pair has confidence {@code 1 + alpha}
 *     (each pair has weight 1: sequences hold distinct items and no recency weighting is applied),
 *     an unobserved pair confidence 1 and preference 0
 * @param seed seed of the Gaussian initialisation of the item factors
 * @param threads worker threads; results do not depend on it
 */
public record AlsConfig(int dim, int iterations, double regularization, double alpha, long seed, int threads) {
  public static final int DEFAULT_DIM = 64;
  public static final int DEFAULT_ITERATIONS = 12;
  /**
   * Tuned on MovieLens 100K (leave-last-out, validated on a second leave-last-out split of the training
   * data): HR@200 0.689 at lambda 0.1 / alpha 20, 0.759 at 50 / 10, flat between 30 and 50. Lambda
   * is not scale-free (it competes with sums over a user's items), so retune it on much denser data.
   */
  public static final double DEFAULT_REGULARIZATION = 50;
  /** Tuned with {@link #DEFAULT_REGULARIZATION}: 5 to 20 were within noise at lambda 50, 40 was worse. */
  public static final double DEFAULT_ALPHA = 10;
  public static final long DEFAULT_SEED = 42;

  public AlsConfig {
    if (dim < 1 || dim > 1024) throw new IllegalArgumentException("AlsConfig.dim must be in [1, 1024], was " + dim);
    if (iterations < 1) throw new IllegalArgumentException("AlsConfig.iterations must be >= 1, was " + iterations);
    if (!(regularization > 0) || Double.isInfinite(regularization)) {
      throw new IllegalArgumentException("AlsConfig.regularization must be a finite number > 0, was " + regularization);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("AlsConfig.alpha must be a finite number >= 0, was " + alpha);
    }
    if (threads < 1) throw new IllegalArgumentException("AlsConfig.threads must be >= 1, was " + threads);
  }

  /** The defaults, on as many threads as there are processors. */
  public static AlsConfig defaults() {
    return new AlsConfig(DEFAULT_DIM, DEFAULT_ITERATIONS, DEFAULT_REGULARIZATION, DEFAULT_ALPHA, DEFAULT_SEED,
        Runtime.getRuntime().availableProcessors());
  }

  public AlsConfig withDim(int d) {
    return new AlsConfig(d, iterations, regularization, alpha, seed, threads);
  }

  public AlsConfig withIterations(int n) {
    return new AlsConfig(dim, n, regularization, alpha, seed, threads);
  }

  public AlsConfig withRegularization(double lambda) {
    return new AlsConfig(dim, iterations, lambda, alpha, seed, threads);
  }

  public AlsConfig withAlpha(double a) {
    return new AlsConfig(dim, iterations, regularization, a, seed, threads);
  }

  public AlsConfig withSeed(long s) {
    return new AlsConfig(dim, iterations, regularization, alpha, s, threads);
  }

  public AlsConfig withThreads(int t) {
    return new AlsConfig(dim, iterations, regularization, alpha, seed, t);
  }
}
