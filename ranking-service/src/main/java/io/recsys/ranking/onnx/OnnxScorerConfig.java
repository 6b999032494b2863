package io.recsys.ranking.onnx;

/**
 * How an {@link OnnxScorer} runs its ONNX Runtime session. Immutable.
 *
 * @param intraOpThreads threads one scoring call may use inside ONNX Runtime; 1 runs the graph on the
 *     caller's thread, which is the right choice when request threads already keep the cores busy
 * @param allowSpinning whether idle intra-op workers busy-wait for the next piece of work: lower latency
 *     with {@code intraOpThreads > 1}, but they burn CPU that other requests could use
 */
public record OnnxScorerConfig(int intraOpThreads, boolean allowSpinning) {
  public static final int DEFAULT_INTRA_OP_THREADS = 1;
  public static final boolean DEFAULT_ALLOW_SPINNING = false;
  /** More threads than this in one call is a configuration mistake, not a tuning choice. */
  public static final int MAX_INTRA_OP_THREADS = 256;

  public OnnxScorerConfig {
    if (intraOpThreads < 1 || intraOpThreads > MAX_INTRA_OP_THREADS) {
      throw new IllegalArgumentException("intraOpThreads must be in [1, " + MAX_INTRA_OP_THREADS + "]: " + intraOpThreads);
    }
  }

  public static OnnxScorerConfig defaults() {
    return new OnnxScorerConfig(DEFAULT_INTRA_OP_THREADS, DEFAULT_ALLOW_SPINNING);
  }

  public OnnxScorerConfig withIntraOpThreads(int threads) {
    return new OnnxScorerConfig(threads, allowSpinning);
  }

  public OnnxScorerConfig withAllowSpinning(boolean spinning) {
    return new OnnxScorerConfig(intraOpThreads, spinning);
  }
}
