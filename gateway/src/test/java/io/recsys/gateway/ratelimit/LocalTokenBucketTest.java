package io.recsys.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalTokenBucketTest extends RateLimiterContractTest {
  @Override
  protected RateLimiter newLimiter(MutableClock clock) {
    return new LocalTokenBucket(clock);
  }

  @Test
  void bucketsIdleForTheirFillTimeAreSweptOutWithoutChangingDecisions() {
    LocalTokenBucket local = new LocalTokenBucket(clock);
    RateLimit limit = new RateLimit(10, 5); // fills in 500 ms
    for (int i = 0; i < 100; i++) local.tryAcquire("idle-" + i, limit);
    local.tryAcquire("busy", limit);
    assertThat(local.size()).isEqualTo(101);

    clock.advance(LocalTokenBucket.SWEEP_INTERVAL);
    drainLocal(local, "busy", limit); // the sweep runs on this call; "busy" was just used, so it stays
    assertThat(local.size()).isEqualTo(1);
    assertThat(local.tryAcquire("busy", limit).allowed()).as("the busy bucket kept its state").isFalse();
    assertThat(local.tryAcquire("idle-3", limit).remaining()).as("a swept bucket comes back full").isEqualTo(4);
  }

  @Test
  void theMapStaysBoundedUnderAFloodOfDistinctKeys() {
    LocalTokenBucket local = new LocalTokenBucket(clock, 1000);
    RateLimit limit = new RateLimit(1, 10); // fills in 10 s: none is idle long enough to be swept as full
    for (int i = 0; i < 50_000; i++) {
      local.tryAcquire("anonymous:10.0." + (i / 256) + "." + (i % 256), limit);
      clock.advance(Duration.ofMillis(1));
      assertThat(local.size()).isLessThanOrEqualTo(1001);
    }
  }

  @Test
  void concurrentCallsNeverSpendMoreThanTheBucketHolds() throws Exception {
    LocalTokenBucket local = new LocalTokenBucket(clock);
    RateLimit limit = new RateLimit(1, 1000);
    AtomicInteger allowed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 500; i++) if (local.tryAcquire("k", limit).allowed()) allowed.incrementAndGet();
      }));
    }
    start.countDown();
    for (Thread t : threads) t.join();
    assertThat(allowed).hasValue(1000);
  }

  @Test
  void rejectsANonPositiveBound() {
    assertThatThrownBy(() -> new LocalTokenBucket(clock, 0)).hasMessageContaining("maxBuckets must be positive");
  }

  private static void drainLocal(LocalTokenBucket local, String key, RateLimit limit) {
    while (local.tryAcquire(key, limit).allowed()) {
      // take every permit
    }
  }
}
