package io.recsys.featurestore.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.testsupport.AppendFsync;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Redis crashes (SIGKILL) in the middle of ingestion, with the append-only file on and
 * {@code appendfsync always}: batches sent while it is down get 503, never 202; the client retries them
 * with the same event ids (what a 503 asks for); afterwards every item's counters equal exactly the
 * events that were acknowledged with 202 — none lost, none counted twice.
 */
@ServiceTest
@TestPropertySource(properties = {"recsys.redis.command-timeout=300ms", "recsys.ingest.workers=2", "recsys.ingest.read-count=100"})
@Import(IngestionAcrossRedisRestartTest.FrozenClock.class)
class IngestionAcrossRedisRestartTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.withAppendOnly(AppendFsync.ALWAYS);

  private static final String[] TYPES = {"impression", "click", "purchase", "cart"};
  private static final MutableClock clock = MutableClock.atSystemTime();

  /** The service's clock stands still: every event's timestamp lies in the minute before it. */
  @TestConfiguration
  static class FrozenClock {
    @Bean
    @Primary
    Clock testClock() {
      return clock;
    }
  }

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
  }

  @LocalServerPort int port;
  @Autowired FeatureStore store;
  @Autowired EventStream stream;

  @Test
  void countersEqualExactlyTheAcknowledgedEventsAfterAHardRedisCrash() throws InterruptedException {
    ApiClient service = new ApiClient(port);
    SplittableRandom rnd = new SplittableRandom(5);
    Map<String, long[]> acknowledged = new HashMap<>();
    int unavailable = 0;
    for (int b = 0; b < 40; b++) {
      if (b == 15) redis.kill();
      List<String> events = new ArrayList<>();
      List<String[]> counted = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String item = "i" + rnd.nextInt(25), type = TYPES[rnd.nextInt(TYPES.length)];
        events.add("{\"eventId\":\"b" + b + "-" + i + "\",\"userId\":\"u" + rnd.nextInt(40) + "\",\"itemId\":\"" + item
            + "\",\"type\":\"" + type + "\",\"timestamp\":\"" + Instant.ofEpochMilli(clock.millis() - rnd.nextInt(60_000)) + "\"}");
        counted.add(new String[] {item, type});
      }
      String body = "[" + String.join(",", events) + "]";
      while (true) {
        HttpResponse<String> r = service.post("/v1/events", body);
        if (r.statusCode() == 202) break;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        if (++unavailable == 5) redis.start(); // a few 503s, then Redis comes back with its AOF
        Thread.sleep(20);
      }
      for (String[] c : counted) {
        long[] n = acknowledged.computeIfAbsent(c[0], k -> new long[3]);
        switch (c[1]) {
          case "impression" -> n[0]++;
          case "click" -> n[1]++;
          case "purchase" -> n[2]++;
          default -> { }
        }
      }
    }
    assertThat(unavailable).as("batches answered 503 while Redis was down").isGreaterThanOrEqualTo(5);

    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!matches(store, acknowledged) || stream.pendingCount() > 0) {
      assertThat(System.nanoTime()).as("workers did not apply every acknowledged event within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    for (Map.Entry<String, long[]> e : acknowledged.entrySet()) {
      ItemCounters c = store.itemCounters(e.getKey());
      assertThat(new long[] {c.impressionCount(), c.clickCount(), c.purchaseCount()}).as(e.getKey()).containsExactly(e.getValue());
    }
  }

  private static boolean matches(FeatureStore store, Map<String, long[]> expected) {
    try {
      for (Map.Entry<String, long[]> e : expected.entrySet()) {
        ItemCounters c = store.itemCounters(e.getKey());
        long[] n = e.getValue();
        if (c.impressionCount() != n[0] || c.clickCount() != n[1] || c.purchaseCount() != n[2]) return false;
      }
      return true;
    } catch (RuntimeException reconnecting) {
      return false;
    }
  }
}
