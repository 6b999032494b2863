package io.recsys.candidate.interest;

/**
 * Settings of {@link SphericalKMeans}. Immutable; every default is a named constant and the compact
 * constructor rejects a bad value with a message naming the setting.
 *
 * @param clusters the number of interest clusters wanted; a small catalogue gets fewer (at most one
 *     per {@link SphericalKMeans#MIN_ITEMS_PER_CLUSTER} items, see
 *     {@link SphericalKMeans#effectiveClusters}), so that no cluster is too small to retrieve from
 * @param iterations most Lloyd rounds (assignment + centroid update); stops earlier when no item
 *     changes cluster
 * @param seed seed of the k-means++ initialisation
 * @param threads worker threads of the assignment step; results do not depend on it
 */
public record KMeansConfig(int clusters, int iterations, long seed, int threads) {
  /**
   * Sixteen interests: enough to separate the broad tastes of a catalogue, few enough that a budget
   * of a few hundred candidates still gives each active component a useful share (METHODS §1 warns
   * that too many clusters spread the budget thin).
   */
  public static final int DEFAULT_CLUSTERS = 16;
  public static final int DEFAULT_ITERATIONS = 25;
  public static final long DEFAULT_SEED = 42;

  public KMeansConfig {
    if (clusters < 1) throw new IllegalArgumentException("KMeansConfig.clusters must be >= 1, was " + clusters);
    if (iterations < 1) throw new IllegalArgumentException("KMeansConfig.iterations must be >= 1, was " + iterations);
    if (threads < 1) throw new IllegalArgumentException("KMeansConfig.threads must be >= 1, was " + threads);
  }

  /** The defaults, on as many threads as there are processors. */
  public static KMeansConfig defaults() {
    return new KMeansConfig(DEFAULT_CLUSTERS, DEFAULT_ITERATIONS, DEFAULT_SEED, Runtime.getRuntime().availableProcessors());
  }

  public KMeansConfig withClusters(int c) {
    return new KMeansConfig(c, iterations, seed, threads);
  }

  public KMeansConfig withIterations(int n) {
    return new KMeansConfig(clusters, n, seed, threads);
  }

  public KMeansConfig withSeed(long s) {
    return new KMeansConfig(clusters, iterations, s, threads);
  }

  public KMeansConfig withThreads(int t) {
    return new KMeansConfig(clusters, iterations, seed, t);
  }
}
