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
   * Search beam. Measured with the candidates benchmark (2-core shared VM, JDK 25, Panama on): at
   * 100k x 64, recall@100 of per-interest queries is 0.952 at ef 100 and 0.991 at ef 200, and of
   * single-interest global queries 0.990 and 0.999; the kNN-Embed request (8 component queries,
   * budget 500) keeps 0.979 and 0.996 of the exact candidates. 200 is the smallest measured beam
   * with recall@100 at or above 0.95 with a margin; it roughly doubles request time over 100 (p50
   * 6.1 against 3.4 ms). At 1M items (built with efConstruction 100) ef 200 gave 0.946 per
   * interest: large catalogues need a wider beam or a better-built graph. Queries that blend all 8
   * interests into one vector stay near 0.8 at any measured beam: their neighbours are spread
   * thin, which is the case kNN-Embed's per-interest queries avoid.
   */
  public static final int DEFAULT_EF = 200;
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
