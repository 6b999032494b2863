package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.testsupport.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRoutingTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));

  private ExperimentRouting routing(InMemoryExposureLog log, EventTypeRegistry types) throws IOException {
    Path file = Files.writeString(tmp.resolve("experiments.json"), """
        {"experiments": [{"name": "explore", "salt": "s1", "variants": [{"name": "only", "weight": 100}]}]}
        """);
    return new ExperimentRouting(ExperimentCatalog.load(file, clock), log, types, new SimpleMeterRegistry());
  }

  private static byte[] batch(String... types) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < types.length; i++) {
      b.append(i == 0 ? "" : ",").append("{\"eventId\":\"e").append(i).append("\",\"userId\":\"u").append(i)
          .append("\",\"itemId\":\"i1\",\"type\":\"").append(types[i]).append("\",\"timestamp\":\"2026-12-05T10:00:00Z\"}");
    }
    return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void countsTheDeploymentsOwnNamesForImpressionsAndClicks() throws IOException {
    Path typesFile = Files.writeString(tmp.resolve("types.properties"), "show = impression\npv = click\nbuy = purchase\n");
    InMemoryExposureLog log = new InMemoryExposureLog(ExposureLogConfig.DEFAULTS, clock);
    routing(log, EventTypeRegistry.configured(typesFile, Map.of())).countFeedback(batch("show", "show", "pv", "buy", "impression", "click"));
    VariantCounts c = log.counts("explore").get("only");
    assertThat(c.impressions()).as("show, show, impression").isEqualTo(3);
    assertThat(c.clicks()).as("pv, click; a purchase is not a click").isEqualTo(2);
  }

  @Test
  void namesTheRegistryDoesNotKnowAreNotCounted() throws IOException {
    InMemoryExposureLog log = new InMemoryExposureLog(ExposureLogConfig.DEFAULTS, clock);
    routing(log, EventTypeRegistry.defaults()).countFeedback(batch("pv", "click"));
    VariantCounts c = log.counts("explore").get("only");
    assertThat(c.impressions()).isZero();
    assertThat(c.clicks()).isEqualTo(1);
  }
}
