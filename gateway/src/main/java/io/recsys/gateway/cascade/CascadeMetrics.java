package io.recsys.gateway.cascade;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The cascade's meters: {@code gateway.stage} (timer per stage, variant and outcome),
 * {@code gateway.degraded} (counter per degraded stage and cause) and {@code gateway.requests} (timer
 * per variant and outcome: {@code complete}, {@code degraded}, {@code unavailable}). Variant tags are
 * {@code <experiment>/<variant>} or {@code none}: bounded by the experiments file. Circuit-breaker,
 * bulkhead, retry and time-limiter meters come from resilience4j-micrometer. Thread-safe.
 */
public final class CascadeMetrics {
  public static final String NO_VARIANT = "none";
  private final MeterRegistry registry;

  public CascadeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void stage(Stage stage, String variant, StageOutcome outcome, long nanos) {
    Timer.builder("gateway.stage").description("downstream stage calls, by how they ended")
        .tags("stage", stage.wireName(), "variant", variant, "outcome", outcome.tag())
        .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  void degraded(Stage stage, StageOutcome cause) {
    Counter.builder("gateway.degraded").description("answers served without a stage, by stage and cause")
        .tags("stage", stage.wireName(), "cause", cause.tag()).register(registry).increment();
  }

  /** {@code outcome}: complete, degraded or unavailable. */
  public void request(String variant, String outcome, long nanos) {
    Timer.builder("gateway.requests").description("recommendation requests, by variant and outcome")
        .tags("variant", variant, "outcome", outcome).publishPercentileHistogram().register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
