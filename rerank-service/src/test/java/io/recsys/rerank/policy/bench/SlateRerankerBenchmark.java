package io.recsys.rerank.policy.bench;

import io.recsys.rerank.policy.Diversity;
import io.recsys.rerank.policy.RerankConfig;
import io.recsys.rerank.policy.Slate;
import io.recsys.rerank.policy.SlateInput;
import io.recsys.rerank.policy.SlateReranker;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * In-process latency of {@link SlateReranker#rerank}: a ranked list of {@code items} (500) into a slate
 * of {@code slate} (20), default rules (3 per category, near-duplicates at cosine 0.98), in-slate
 * Thompson sampling on, one new seed per call (so every call samples afresh). {@code rerank} is the
 * request without propensities (the budget: p99 ≤ 2 ms), {@code rerankWithPropensities} adds the 64
 * Monte Carlo re-runs behind them.
 *
 * <p>The items: {@code dim}-dimensional embeddings around 20 category centres (cosines within a category
 * about 0.9), click probabilities skewed towards 2-20%, a third of the items without impressions.
 *
 * <p>A main, not a test: JMH in sample-time mode (per-call percentiles), in milliseconds, one fork.
 * Without arguments it runs the short set-up (3 × 1 s warm-up, 5 × 1 s measurement); with arguments
 * they are JMH's own command line (e.g. {@code -wi 5 -i 10 -p diversity=DPP}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SlateRerankerBenchmark {
  private static final int CATEGORIES = 20;

  @Param({"MMR", "DPP"})
  public Diversity diversity;

  @Param("500")
  public int items;

  @Param("20")
  public int slate;

  @Param("64")
  public int dim;

  private final SlateReranker reranker = new SlateReranker();
  private SlateInput input;
  private RerankConfig sampling;
  private RerankConfig withPropensities;
  private long seed;

  @Setup
  public void setUp() {
    input = items(items, dim, 2026);
    sampling = RerankConfig.defaults().withDiversity(diversity).withExplore(true).withPropensitySamples(0);
    withPropensities = sampling.withPropensitySamples(64);
  }

  @Benchmark
  public Slate rerank() {
    return reranker.rerank(input, slate, sampling, seed++);
  }

  @Benchmark
  public Slate rerankWithPropensities() {
    return reranker.rerank(input, slate, withPropensities, seed++);
  }

  static SlateInput items(int n, int dim, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] centres = new float[CATEGORIES][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) c[d] = (float) rng.nextGaussian();
    }
    SlateInput in = new SlateInput(dim);
    float[] e = new float[dim];
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(CATEGORIES);
      for (int d = 0; d < dim; d++) e[d] = centres[c][d] + 0.5f * (float) rng.nextGaussian();
      double p = 0.02 + 0.18 * Math.pow(rng.nextDouble(), 3);
      long impressions = rng.nextInt(3) == 0 ? 0 : rng.nextLong(20_000);
      long clicks = Math.round(impressions * p * 0.6 * (0.5 + rng.nextDouble()));
      in.add("item-" + i, n - i, p, c, e, impressions, clicks, 1);
    }
    return in;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    Options options = new OptionsBuilder()
        .include(SlateRerankerBenchmark.class.getName())
        .forks(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .mode(Mode.SampleTime).timeUnit(TimeUnit.MILLISECONDS)
        .build();
    new Runner(options).run();
  }
}
