package io.recsys.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared limit (Redis) while it answers, this replica's own buckets while it does not.
 *
 * <p><b>Why not fail open or closed.</b> Spring Cloud Gateway's {@code RedisRateLimiter} lets every
 * call through when Redis fails: a Redis outage then removes all protection, at the moment the
 * platform is already degraded. Failing closed (refusing every call because the limiter's store is
 * down) would turn a Redis outage into a full outage of the public API. This limiter does neither: the
 * {@link LocalTokenBucket} keeps enforcing the same per-key limit on each replica, so the cluster-wide
 * limit becomes at worst replicas × limit, a bounded and predictable overshoot. Local buckets start
 * full, so a client may get one extra burst per replica when the failover begins.
 *
 * <p><b>Bounded latency.</b> The primary limiter bounds its own wait ({@link RedisTokenBucket}'s
 * command timeout, 50 ms by default). After a failure, Redis is not asked again for
 * {@code retryPrimaryAfter} (default {@value #DEFAULT_RETRY_PRIMARY_AFTER_MILLIS} ms): a Redis that hangs
 * would otherwise add the whole timeout to every request during the outage.
 *
 * <p><b>Signals.</b> Every decision taken locally counts in {@value #FALLBACK_METER}; a WARN is logged at
 * most once per {@code warnInterval} (default one minute), with the number of local decisions since
 * the last one, so an outage neither floods the log nor goes unnoticed.
 *
 * <p>Thread-safe: the state is two atomic timestamps and an atomic count; both limiters are
 * thread-safe.
 */
public final class FailoverRateLimiter implements RateLimiter {
  public static final String FALLBACK_METER = "gateway.ratelimit.fallback";
  public static final long DEFAULT_RETRY_PRIMARY_AFTER_MILLIS = 1000;
  public static final Duration DEFAULT_RETRY_PRIMARY_AFTER = Duration.ofMillis(DEFAULT_RETRY_PRIMARY_AFTER_MILLIS);
  public static final Duration DEFAULT_WARN_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(FailoverRateLimiter.class);

  private final RateLimiter primary;
  private final RateLimiter fallback;
  private final Clock clock;
  private final long retryPrimaryAfterMillis;
  private final long warnIntervalMillis;
  private final Counter fallbacks;
  /** Until when Redis is skipped after a failure (epoch ms; Long.MIN_VALUE: ask it). */
  private final AtomicLong skipPrimaryUntil = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong nextWarnAt = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong unwarned = new AtomicLong();

  /** Redis (or any shared limiter) first, {@code fallback} when it fails; the default intervals. */
  public FailoverRateLimiter(RateLimiter primary, RateLimiter fallback, MeterRegistry meters, Clock clock) {
    this(primary, fallback, meters, clock, DEFAULT_RETRY_PRIMARY_AFTER, DEFAULT_WARN_INTERVAL);
  }

  /**
   * @param retryPrimaryAfter how long to decide locally, without asking the primary, after it failed;
   *     zero asks it on every call
   * @param warnInterval the least time between two WARN lines about failing over
   */
  public FailoverRateLimiter(RateLimiter primary, RateLimiter fallback, MeterRegistry meters, Clock clock,
      Duration retryPrimaryAfter, Duration warnInterval) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(meters, "meters");
    if (retryPrimaryAfter == null || retryPrimaryAfter.isNegative()) {
      throw new IllegalArgumentException("retryPrimaryAfter must be zero or positive: " + retryPrimaryAfter);
    }
    if (warnInterval == null || warnInterval.isNegative()) {
      throw new IllegalArgumentException("warnInterval must be zero or positive: " + warnInterval);
    }
    this.retryPrimaryAfterMillis = retryPrimaryAfter.toMillis();
    this.warnIntervalMillis = warnInterval.toMillis();
    // Registered up front so that dashboards and alerts see a zero, not an absent series.
    this.fallbacks = Counter.builder(FALLBACK_METER)
        .description("Rate limit decisions taken by the replica's local buckets because Redis failed or was skipped")
        .register(meters);
  }

  @Override
  public Decision tryAcquire(String key, RateLimit limit) {
    long now = clock.millis();
    RuntimeException failure = null;
    if (now >= skipPrimaryUntil.get()) {
      try {
        return primary.tryAcquire(key, limit);
      } catch (RuntimeException e) {
        failure = e;
        skipPrimaryUntil.set(now + retryPrimaryAfterMillis);
      }
    }
    Decision d = fallback.tryAcquire(key, limit);
    fallbacks.increment();
    warn(now, failure);
    return d;
  }

  private void warn(long now, RuntimeException failure) {
    long pending = unwarned.incrementAndGet();
    long due = nextWarnAt.get();
    if (now < due || !nextWarnAt.compareAndSet(due, now + warnIntervalMillis)) return;
    unwarned.addAndGet(-pending);
    String cause = failure == null ? "the shared limiter failed recently" : failure.toString();
    log.warn("rate limits are enforced per replica ({} local decisions since the last warning): {}. "
        + "Each replica applies the full limit until the shared limiter answers again.", pending, cause);
  }
}
