package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ExposureLog} must have; one subclass per implementation. */
abstract class ExposureLogContract {
  protected static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
  protected final MutableClock clock = new MutableClock(START);

  protected abstract ExposureLog newLog(ExposureLogConfig config, MutableClock clock);

  /** How many exposures above the cap the implementation may keep (Redis trims whole stream nodes). */
  protected abstract int capSlack();

  private static Assignment assignment(String experiment, String variant) {
    return new Assignment(experiment, variant, VariantOverrides.NONE, 42);
  }

  @Test
  void countsRequestsAndItemsShownPerVariant() {
    ExposureLog log = newLog(ExposureLogConfig.DEFAULTS, clock);
    log.recordExposure("r1", "u1", assignment("ranker", "control"), 10);
    log.recordExposure("r2", "u2", assignment("ranker", "control"), 8);
    log.recordExposure("r3", "u3", assignment("ranker", "new-model"), 20);
    log.recordExposure("r4", "u4", assignment("ranker", "new-model"), 0);
    assertThat(log.counts("ranker")).isEqualTo(Map.of(
        "control", new VariantCounts(2, 18, 0, 0),
        "new-model", new VariantCounts(2, 20, 0, 0)));
  }

  @Test
  void feedbackAddsImpressionsAndClicks() {
    ExposureLog log = newLog(ExposureLogConfig.DEFAULTS, clock);
    log.recordExposure("r1", "u1", assignment("ranker", "control"), 10);
    log.recordFeedback("ranker", "control", 7, 1);
    log.recordFeedback("ranker", "control", 3, 0);
    log.recordFeedback("ranker", "new-model", 5, 2);
    log.recordFeedback("ranker", "new-model", 0, 0);
    assertThat(log.counts("ranker")).isEqualTo(Map.of(
        "control", new VariantCounts(1, 10, 10, 1),
        "new-model", new VariantCounts(0, 0, 5, 2)));
  }

  @Test
  void experimentsAreCountedSeparately() {
    ExposureLog log = newLog(ExposureLogConfig.DEFAULTS, clock);
    log.recordExposure("r1", "u1", assignment("ranker", "control"), 10);
    log.recordExposure("r1", "u1", assignment("explore", "control"), 3);
    assertThat(log.counts("ranker")).containsExactly(Map.entry("control", new VariantCounts(1, 10, 0, 0)));
    assertThat(log.counts("explore")).containsExactly(Map.entry("control", new VariantCounts(1, 3, 0, 0)));
    assertThat(log.counts("unknown")).isEmpty();
    assertThat(log.recentExposures("unknown", 10)).isEmpty();
  }

  @Test
  void recentExposuresAreNewestFirstWithTheClocksTime() {
    ExposureLog log = newLog(ExposureLogConfig.DEFAULTS, clock);
    log.recordExposure("req-1", "alice", assignment("ranker", "control"), 10);
    clock.advance(Duration.ofMillis(1500));
    log.recordExposure("req-2", "bob", assignment("ranker", "new-model"), 10);
    assertThat(log.recentExposures("ranker", 10)).containsExactly(
        new Exposure("req-2", "bob", "new-model", START.plusMillis(1500)),
        new Exposure("req-1", "alice", "control", START));
    assertThat(log.recentExposures("ranker", 1)).extracting(Exposure::requestId).containsExactly("req-2");
  }

  @Test
  void exposureLogIsCapped() {
    int cap = 5;
    ExposureLog log = newLog(ExposureLogConfig.DEFAULTS.withMaxExposures(cap), clock);
    for (int i = 0; i < 500; i++) log.recordExposure("req-" + i, "u" + i, assignment("ranker", "control"), 1);
    List<Exposure> kept = log.recentExposures("ranker", 10_000);
    assertThat(kept.size()).isBetween(cap, cap + capSlack());
    assertThat(kept.getFirst().requestId()).isEqualTo("req-499");
    // The counters are not capped: only the log of individual exposures is.
    assertThat(log.counts("ranker").get("control").requests()).isEqualTo(500);
  }

  @Test
  void concurrentExposuresAreAllCounted() throws Exception {
    ExposureLog log = newLog(ExposureLogConfig.DEFAULTS, clock);
    int threads = 8, each = 250;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            log.recordExposure("r" + id + "-" + i, "u" + id, assignment("ranker", id % 2 == 0 ? "a" : "b"), 2);
            log.recordFeedback("ranker", id % 2 == 0 ? "a" : "b", 2, 1);
          }
        }));
      }
      for (Future<?> f : done) f.get();
    }
    long half = (long) threads / 2 * each;
    assertThat(log.counts("ranker")).isEqualTo(Map.of(
        "a", new VariantCounts(half, 2 * half, 2 * half, half),
        "b", new VariantCounts(half, 2 * half, 2 * half, half)));
  }

  @Test
  void rejectsNegativeCountsAndInvalidNames() {
    ExposureLog log = newLog(ExposureLogConfig.DEFAULTS, clock);
    assertThatThrownBy(() -> log.recordExposure("r", "u", assignment("ranker", "control"), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itemsShown");
    assertThatThrownBy(() -> log.recordExposure("", "u", assignment("ranker", "control"), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestId");
    assertThatThrownBy(() -> log.recordExposure("r", "u", assignment("bad{tag}", "control"), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experiment");
    assertThatThrownBy(() -> log.recordFeedback("ranker", "control", -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("impressions");
    assertThatThrownBy(() -> log.recordFeedback("ranker", "control", 1, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clicks");
    assertThatThrownBy(() -> log.recordFeedback("ranker", "a:b", 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variant");
    assertThat(log.counts("ranker")).isEmpty();
  }
}
