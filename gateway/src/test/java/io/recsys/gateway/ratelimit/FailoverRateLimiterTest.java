package io.recsys.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class FailoverRateLimiterTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RateLimit limit = new RateLimit(10, 5);
  private RedisConnection connection;

  @BeforeEach
  void connect() {
    connection = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()));
  }

  @AfterEach
  void close() {
    connection.close();
  }

  @Test
  void theFallbackCounterIsRegisteredAtZero() {
    new FailoverRateLimiter(new RedisTokenBucket(connection, clock), new LocalTokenBucket(clock), meters, clock);
    assertThat(fallbacks()).isZero();
  }

  @Test
  void whenRedisStopsTheLocalBucketsKeepLimitingAndEachLocalDecisionIsCounted() {
    FailoverRateLimiter limiter = new FailoverRateLimiter(new RedisTokenBucket(connection, clock),
        new LocalTokenBucket(clock), meters, clock);
    assertThat(limiter.tryAcquire("k", limit).allowed()).isTrue();
    assertThat(fallbacks()).isZero();

    redis.stop();
    int allowed = 0;
    for (int i = 0; i < 20; i++) if (limiter.tryAcquire("k", limit).allowed()) allowed++;
    assertThat(allowed).as("the local bucket starts full and enforces the same limit").isEqualTo(5);
    assertThat(fallbacks()).isEqualTo(20);

    clock.advance(Duration.ofMillis(100));
    assertThat(limiter.tryAcquire("k", limit).allowed()).as("and refills like the shared one").isTrue();
  }

  @Test
  void redisIsAskedAgainAfterTheRetryIntervalOnceItIsBack() {
    FailoverRateLimiter limiter = new FailoverRateLimiter(new RedisTokenBucket(connection, clock),
        new LocalTokenBucket(clock), meters, clock);
    limiter.tryAcquire("k", limit); // shared bucket: 4 left
    redis.stop();
    limiter.tryAcquire("k", limit);
    assertThat(fallbacks()).isEqualTo(1);
    redis.start();

    // Lettuce reconnects in the background; until then the call still fails over (and is counted).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    double before;
    Decision d;
    do {
      clock.advance(FailoverRateLimiter.DEFAULT_RETRY_PRIMARY_AFTER);
      before = fallbacks();
      d = limiter.tryAcquire("fresh", new RateLimit(0.001, 7));
    } while (fallbacks() > before && System.nanoTime() < deadline);
    assertThat(fallbacks()).as("Redis answered again").isEqualTo(before);
    assertThat(d.remaining()).isEqualTo(6);
  }

  @Test
  void afterAFailureThePrimaryIsSkippedForTheRetryInterval() {
    AtomicInteger calls = new AtomicInteger();
    RateLimiter broken = (key, l) -> {
      calls.incrementAndGet();
      throw new RateLimiterUnavailableException("Redis did not answer within 50 ms", null);
    };
    FailoverRateLimiter limiter = new FailoverRateLimiter(broken, new LocalTokenBucket(clock), meters, clock,
        Duration.ofSeconds(1), Duration.ofMinutes(1));
    for (int i = 0; i < 10; i++) limiter.tryAcquire("k", limit);
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    limiter.tryAcquire("k", limit);
    assertThat(calls).hasValue(2);
    assertThat(fallbacks()).isEqualTo(11);
  }

  @Test
  void aSlowRedisCountsAsAFailureAfterTheCommandTimeout() {
    try (RedisConnection other = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()))) {
      FailoverRateLimiter limiter = new FailoverRateLimiter(new RedisTokenBucket(other, clock, Duration.ofMillis(50)),
          new LocalTokenBucket(clock), meters, clock);
      assertThat(limiter.tryAcquire("warm-up", limit).allowed()).isTrue();
      // Redis holds every client's commands for 300 ms: the 50 ms timeout gives up and the local bucket decides.
      var paused = connection.commands().clientPause(300);
      connection.flush();
      connection.await(paused);
      long start = System.nanoTime();
      assertThat(limiter.tryAcquire("k", limit).allowed()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
      assertThat(fallbacks()).isEqualTo(1);
    }
  }

  @Test
  void theWarningIsLoggedAtMostOnceAMinuteWithTheCountSinceTheLast() {
    RateLimiter broken = (key, l) -> {
      throw new RateLimiterUnavailableException("Redis did not answer within 50 ms", null);
    };
    FailoverRateLimiter limiter = new FailoverRateLimiter(broken, new LocalTokenBucket(clock), meters, clock,
        Duration.ZERO, Duration.ofMinutes(1));
    Logger logger = (Logger) LoggerFactory.getLogger(FailoverRateLimiter.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    try {
      for (int i = 0; i < 100; i++) limiter.tryAcquire("k", limit);
      clock.advance(Duration.ofSeconds(59));
      limiter.tryAcquire("k", limit);
      assertThat(warnings.list).hasSize(1);
      clock.advance(Duration.ofSeconds(1));
      limiter.tryAcquire("k", limit);
      assertThat(warnings.list).hasSize(2);
      assertThat(warnings.list.get(1).getLevel()).isEqualTo(Level.WARN);
      assertThat(warnings.list.get(1).getFormattedMessage()).contains("101 local decisions since the last warning")
          .contains("Redis did not answer within 50 ms");
      assertThat(fallbacks()).isEqualTo(102);
    } finally {
      logger.detachAppender(warnings);
    }
  }

  private double fallbacks() {
    return meters.get(FailoverRateLimiter.FALLBACK_METER).counter().count();
  }
}
