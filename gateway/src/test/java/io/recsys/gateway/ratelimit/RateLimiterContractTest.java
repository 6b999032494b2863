package io.recsys.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do, run against each implementation (the subclasses): the Redis
 * script and the local buckets must agree to the permit, or a failover would change the limit.
 */
abstract class RateLimiterContractTest {
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private RateLimiter limiter;

  /** The implementation under test, reading time from {@code clock}. */
  protected abstract RateLimiter newLimiter(MutableClock clock);

  @BeforeEach
  void createLimiter() {
    limiter = newLimiter(clock);
  }

  @Test
  void aNewKeyMayBurstThenIsRefused() {
    RateLimit limit = new RateLimit(10, 5);
    for (int i = 4; i >= 0; i--) {
      Decision d = limiter.tryAcquire("k", limit);
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(i);
      assertThat(d.retryAfter()).isZero();
    }
    Decision refused = limiter.tryAcquire("k", limit);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
  }

  @Test
  void theBucketRefillsAsTheClockAdvances() {
    RateLimit limit = new RateLimit(10, 5); // one permit per 100 ms
    drain("k", limit);
    clock.advance(Duration.ofMillis(99));
    assertThat(limiter.tryAcquire("k", limit).allowed()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.tryAcquire("k", limit).allowed()).isTrue();
    assertThat(limiter.tryAcquire("k", limit).allowed()).isFalse();

    clock.advance(Duration.ofMillis(300));
    for (int i = 0; i < 3; i++) assertThat(limiter.tryAcquire("k", limit).allowed()).isTrue();
    assertThat(limiter.tryAcquire("k", limit).allowed()).isFalse();
  }

  @Test
  void refillStopsAtTheBurst() {
    RateLimit limit = new RateLimit(10, 5);
    drain("k", limit);
    clock.advance(Duration.ofHours(1));
    assertThat(drain("k", limit)).isEqualTo(5);
  }

  @Test
  void retryAfterIsTheTimeUntilTheNextWholePermit() {
    RateLimit limit = new RateLimit(4, 2); // one permit per 250 ms
    drain("k", limit);
    assertThat(limiter.tryAcquire("k", limit).retryAfter()).isEqualTo(Duration.ofMillis(250));
    clock.advance(Duration.ofMillis(100));
    Decision d = limiter.tryAcquire("k", limit);
    assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(150));
    clock.advance(d.retryAfter());
    assertThat(limiter.tryAcquire("k", limit).allowed()).as("waiting exactly retryAfter is enough").isTrue();
  }

  @Test
  void retryAfterRoundsUpToWholeMillisecondsAndWaitingThatLongAlwaysSucceeds() {
    RateLimit limit = new RateLimit(3, 1); // one permit per 333.33 ms
    for (int round = 0; round < 20; round++) {
      assertThat(limiter.tryAcquire("k", limit).allowed()).isTrue();
      Decision refused = limiter.tryAcquire("k", limit);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.retryAfter().toMillis()).isBetween(1L, 334L);
      clock.advance(refused.retryAfter());
    }
  }

  @Test
  void slowRatesGiveRetryAfterInWholeSeconds() {
    RateLimit limit = new RateLimit(0.3, 1); // one permit per 3.33 s
    limiter.tryAcquire("k", limit);
    Decision refused = limiter.tryAcquire("k", limit);
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(3334));
    assertThat(refused.retryAfterSeconds()).isEqualTo(4);
  }

  @Test
  void keysHaveIndependentBuckets() {
    RateLimit limit = new RateLimit(1, 3);
    drain("a", limit);
    assertThat(limiter.tryAcquire("a", limit).allowed()).isFalse();
    assertThat(drain("b", limit)).isEqualTo(3);
    assertThat(drain("anonymous:10.0.0.1", limit)).isEqualTo(3);
    assertThat(drain("weird{key}%", limit)).isEqualTo(3);
  }

  @Test
  void aClockThatGoesBackRefillsNothingAndLosesNothing() {
    RateLimit limit = new RateLimit(10, 2);
    drain("k", limit);
    clock.advance(Duration.ofSeconds(-10)); // another replica's clock, behind this one
    assertThat(limiter.tryAcquire("k", limit).allowed()).isFalse();
    clock.advance(Duration.ofSeconds(10)); // back where the bucket was last counted: still empty
    assertThat(limiter.tryAcquire("k", limit).allowed()).isFalse();
    clock.advance(Duration.ofMillis(100));
    assertThat(limiter.tryAcquire("k", limit).allowed()).isTrue();
  }

  @Test
  void aLoweredBurstCapsWhatTheBucketHolds() {
    assertThat(limiter.tryAcquire("k", new RateLimit(10, 100)).remaining()).isEqualTo(99);
    assertThat(drain("k", new RateLimit(10, 3))).isEqualTo(3);
  }

  @Test
  void fractionalRatesAccumulateAcrossCalls() {
    RateLimit limit = new RateLimit(1.5, 2); // one permit per 666.7 ms; room to carry the fraction
    drain("k", limit);
    int allowed = 0;
    for (int i = 0; i < 100; i++) { // 10 s in 100 ms steps: 15 permits
      clock.advance(Duration.ofMillis(100));
      if (limiter.tryAcquire("k", limit).allowed()) allowed++;
    }
    assertThat(allowed).isEqualTo(15);
  }

  /** Takes permits until refused; returns how many were allowed. */
  protected int drain(String key, RateLimit limit) {
    int n = 0;
    while (limiter.tryAcquire(key, limit).allowed()) {
      n++;
      if (n > 1_000_000) throw new AssertionError("the bucket never ran dry");
    }
    return n;
  }
}
