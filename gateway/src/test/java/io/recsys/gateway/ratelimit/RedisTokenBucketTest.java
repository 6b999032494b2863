package io.recsys.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTokenBucketTest extends RateLimiterContractTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private final List<RedisConnection> connections = new ArrayList<>();

  @Override
  protected RateLimiter newLimiter(MutableClock clock) {
    return new RedisTokenBucket(connect(), clock);
  }

  private RedisConnection connect() {
    RedisConnection c = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()));
    connections.add(c);
    return c;
  }

  @AfterEach
  void close() {
    connections.forEach(RedisConnection::close);
  }

  @Test
  void twoReplicasShareOneBucket() {
    RateLimit limit = new RateLimit(1, 10);
    RedisTokenBucket a = new RedisTokenBucket(connect(), clock);
    RedisTokenBucket b = new RedisTokenBucket(connect(), clock);
    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      if (a.tryAcquire("k", limit).allowed()) allowed++;
      if (b.tryAcquire("k", limit).allowed()) allowed++;
    }
    assertThat(allowed).isEqualTo(10);
  }

  @Test
  void aReplicaWhoseClockRunsAheadGainsAtMostOneBurst() {
    RateLimit limit = new RateLimit(1, 5);
    MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofHours(1)));
    RedisTokenBucket normal = new RedisTokenBucket(connect(), clock);
    RedisTokenBucket skewed = new RedisTokenBucket(connect(), ahead);
    int allowed = drain(normal, limit);
    for (int i = 0; i < 20; i++) {
      if (skewed.tryAcquire("k", limit).allowed()) allowed++;
      if (normal.tryAcquire("k", limit).allowed()) allowed++;
    }
    // The first burst, then one refill to the burst (an hour of skew, capped), then nothing: the
    // replica behind refills nothing until its clock passes the time the skewed one stored.
    assertThat(allowed).isEqualTo(10);
  }

  private static int drain(RateLimiter limiter, RateLimit limit) {
    int n = 0;
    while (limiter.tryAcquire("k", limit).allowed()) n++;
    return n;
  }

  @Test
  void concurrentCallsNeverSpendMoreThanTheBucketHolds() throws Exception {
    RedisTokenBucket bucket = new RedisTokenBucket(connect(), clock, Duration.ofSeconds(2));
    RateLimit limit = new RateLimit(1, 300);
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
        for (int i = 0; i < 60; i++) if (bucket.tryAcquire("k", limit).allowed()) allowed.incrementAndGet();
      }));
    }
    start.countDown();
    for (Thread t : threads) t.join();
    assertThat(allowed).hasValue(300);
  }

  @Test
  void theBucketIsAHashTaggedKeyThatExpiresAfterTwiceItsFillTime() {
    RedisConnection c = connect();
    new RedisTokenBucket(c, clock).tryAcquire("partner-a", new RateLimit(10, 100)); // fills in 10 s
    String key = RedisTokenBucket.redisKey("partner-a");
    assertThat(key).isEqualTo("rs:rl:{partner-a}");
    var ttl = c.commands().pttl(key);
    c.flush();
    assertThat(c.await(ttl)).isBetween(19_000L, 20_001L);
  }

  @Test
  void bracesInAKeyCannotBreakTheHashTag() {
    assertThat(RedisTokenBucket.redisKey("a}b{c%")).isEqualTo("rs:rl:{a%7Db%7Bc%25}");
    assertThat(RedisTokenBucket.redisKey("a%7Db")).isNotEqualTo(RedisTokenBucket.redisKey("a}b"));
  }

  @Test
  void anEmptiedScriptCacheIsRefilledOnTheNextCall() {
    RedisConnection c = connect();
    RedisTokenBucket bucket = new RedisTokenBucket(c, clock);
    RateLimit limit = new RateLimit(1, 3);
    assertThat(bucket.tryAcquire("k", limit).remaining()).isEqualTo(2);
    var flushed = c.commands().scriptFlush();
    c.flush();
    c.await(flushed);
    assertThat(bucket.tryAcquire("k", limit).remaining()).isEqualTo(1);
  }

  @Test
  void aStoppedRedisIsReportedAsUnavailable() {
    RedisTokenBucket bucket = new RedisTokenBucket(connect(), clock);
    bucket.tryAcquire("k", RateLimit.DEFAULT);
    redis.stop();
    assertThatThrownBy(() -> bucket.tryAcquire("k", RateLimit.DEFAULT))
        .isInstanceOf(RateLimiterUnavailableException.class);
  }

  @Test
  void rejectsANonPositiveTimeout() {
    RedisConnection c = connect();
    assertThatThrownBy(() -> new RedisTokenBucket(c, clock, Duration.ZERO)).hasMessageContaining("commandTimeout must be positive");
  }
}
