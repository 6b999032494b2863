package io.recsys.candidate.index;

/**
 * Build and search settings of {@link HnswItemIndex}.
 *
 * <p>Defaults come from the candidates benchmark ({@code ./recsys bench candidates}, 100k x 64
 * clustered unit vectors, 8 interests): see {@link #DEFAULT_EF} for the measured trade-off.
 *
 * @param m links per node on the upper layers (2m on layer 0): more links, better recall, more
 *     memory and slower build
 * @param efConstruction beam width while inserting: build time against graph quality
 * @param ef beam width while searching (a search for k results uses {@code max(ef, k)}): latency
 *     against recall; can be changed without a rebuild ({@link HnswItemIndex#withEf})
 * @param threads build threads; 0 = every available processor
 */
public record HnswConfig(int m, int efConstruction, int ef, int threads) {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 200;
  /**
   * Search beam. Measured at 100k x 64 (see the module README's table): recall@100 of a global
   * query and of the per-interest component queries is at or above 0.95 from this beam on, and
   * the kNN-Embed request (8 component queries, budget 500) stays well under a millisecond at p50.
   */
  public static final int DEFAULT_EF = 100;
  public static final int DEFAULT_THREADS = 0;

  /** hnswlib's level multiplier is 1/ln(m): m = 1 would divide by zero. */
  static final int MIN_M = 2;
  /** Past this the graph is a near-complete adjacency list: a configuration mistake. */
  static final int MAX_M = 512;

  public HnswConfig {
    if (m < MIN_M || m > MAX_M) throw new IllegalArgumentException("m must be in " + MIN_M + ".." + MAX_M + ": " + m);
    if (efConstruction < 1) throw new IllegalArgumentException("efConstruction must be >= 1: " + efConstruction);
    if (ef < 1) throw new IllegalArgumentException("ef must be >= 1: " + ef);
    if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all processors): " + threads);
  }

  public static HnswConfig defaults() {
    return new HnswConfig(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF, DEFAULT_THREADS);
  }

  public HnswConfig withM(int value) {
    return new HnswConfig(value, efConstruction, ef, threads);
  }

  public HnswConfig withEfConstruction(int value) {
    return new HnswConfig(m, value, ef, threads);
  }

  public HnswConfig withEf(int value) {
    return new HnswConfig(m, efConstruction, value, threads);
  }

  public HnswConfig withThreads(int value) {
    return new HnswConfig(m, efConstruction, ef, value);
  }

  /** The thread count to build with: {@link #threads}, or every available processor for 0. */
  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
