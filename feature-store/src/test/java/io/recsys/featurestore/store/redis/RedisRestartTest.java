package io.recsys.featurestore.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.testsupport.AppendFsync;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis going away and coming back, with the append-only file on (as the demo and k8s run it). */
class RedisRestartTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.withAppendOnly(AppendFsync.ALWAYS);

  private final MutableClock clock = MutableClock.atSystemTime();

  private RedisFeatureStore open() {
    return RedisFeatureStore.open(RedisConnectionConfig.standalone(redis.uri()).withCommandTimeout(Duration.ofMillis(500)),
        FeatureStoreConfig.defaults(), clock);
  }

  @Test
  void acknowledgedWritesSurviveAHardCrashAndTheStoreReconnectsByItself() {
    try (RedisFeatureStore store = open()) {
      for (int batch = 0; batch < 5; batch++) {
        store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.IMPRESSIONS, 10, clock.millis())));
      }
      redis.kill();
      assertThatThrownBy(() -> store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.IMPRESSIONS, 1, clock.millis()))))
          .isInstanceOf(FeatureStoreException.class);

      redis.start();

      ItemCounters after = eventually(() -> store.itemCounters("a"));
      assertThat(after.impressionCount()).isEqualTo(50);
    }
  }

  @Test
  void aGracefulStopKeepsEverything() {
    try (RedisFeatureStore store = open()) {
      store.appendHistory("u", List.of(new HistoryEntry("a", InteractionType.CLICK, 1)));
      redis.stop();
      redis.start();
      assertThat(eventually(() -> store.history("u", 10))).hasSize(1);
    }
  }

  /** Retries while Lettuce reconnects (it backs off from a few milliseconds); fails after 10 s. */
  private static <T> T eventually(Supplier<T> call) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        return call.get();
      } catch (FeatureStoreException e) {
        if (System.nanoTime() > deadline) throw e;
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
