package io.recsys.gateway.ratelimit;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisScript;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Token buckets in Redis, shared by every gateway replica: one Lua script refills and takes a permit
 * atomically, so concurrent calls of one key on several replicas never spend the same permit twice.
 *
 * <p><b>State</b>: a hash {@code rs:rl:{<key>}} with fields {@code t} (tokens, fractional) and
 * {@code ts} (epoch milliseconds they were counted at), expiring after twice the bucket's fill time
 * (at least a second): by then an untouched bucket is full again, so letting it expire changes no
 * decision and idle clients cost no memory. The key is hash-tagged by the client's key so that
 * everything one client's limit touches lives in one Redis Cluster slot (single-key today; a second
 * per-client key, e.g. a per-route bucket, could join the same script without CROSSSLOT errors).
 *
 * <p><b>Time</b>: the script gets the time from the gateway's {@link Clock} as an argument rather than
 * from Redis {@code TIME}. Tests then drive refills with a mutable clock instead of sleeping, and the
 * Redis and local implementations run the very same arithmetic ({@link BucketState}). The cost is
 * that replicas with skewed clocks share a bucket: a replica whose clock runs ahead refills early, but
 * by at most skew × rate permits and never beyond the burst; a replica whose clock is behind refills
 * nothing until its clock passes the stored time (the script never moves {@code ts} backwards), so
 * skew can neither drain a bucket nor grant more than one extra burst.
 *
 * <p><b>Failures</b>: every call waits at most {@code commandTimeout} (default
 * {@value #DEFAULT_COMMAND_TIMEOUT_MILLIS} ms, far below the connection's own timeout, because a rate
 * limit check sits in front of every request) and then throws {@link RateLimiterUnavailableException};
 * so does any Redis error. {@link FailoverRateLimiter} turns that into a local decision.
 *
 * <p>Thread-safe: it holds only the shared, thread-safe {@link RedisConnection}, which it does not own
 * (the caller closes it).
 */
public final class RedisTokenBucket implements RateLimiter {
  public static final long DEFAULT_COMMAND_TIMEOUT_MILLIS = 50;
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(DEFAULT_COMMAND_TIMEOUT_MILLIS);
  public static final String KEY_PREFIX = "rs:rl:";
  /** The shortest expiry of a bucket, for buckets that fill within a fraction of a second. */
  static final long MIN_TTL_MILLIS = 1000;

  // BucketState.take, line for line (EPSILON included); see there for why each step is as it is.
  // KEYS[1] bucket; ARGV: now (ms), permits per second, burst, ttl (ms), epsilon.
  // Returns {allowed 0|1, remaining whole permits, retry after (ms, 0 when allowed)}.
  private static final RedisScript SCRIPT = new RedisScript("""
      local now = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local burst = tonumber(ARGV[3])
      local eps = tonumber(ARGV[5])
      local s = redis.call('HMGET', KEYS[1], 't', 'ts')
      local t = tonumber(s[1]); local at = tonumber(s[2])
      if t == nil or at == nil then t = burst; at = now end
      if now > at then
        t = t + (now - at) * rate / 1000
        at = now
      end
      t = math.min(t, burst)
      local allowed, remaining, wait = 0, 0, 0
      if t >= 1 - eps then
        t = math.max(0, t - 1)
        allowed = 1
        remaining = math.floor(t + eps)
      else
        wait = math.max(1, math.ceil((1 - t) * 1000 / rate))
      end
      redis.call('HSET', KEYS[1], 't', string.format('%.17g', t), 'ts', string.format('%.17g', at))
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      return {allowed, remaining, wait}
      """, ScriptOutputType.MULTI);

  private final RedisConnection redis;
  private final Clock clock;
  private final long timeoutNanos;

  public RedisTokenBucket(RedisConnection redis, Clock clock) {
    this(redis, clock, DEFAULT_COMMAND_TIMEOUT);
  }

  /** {@code commandTimeout}: how long one decision may wait for Redis before it counts as a failure. */
  public RedisTokenBucket(RedisConnection redis, Clock clock, Duration commandTimeout) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (commandTimeout == null || !commandTimeout.isPositive()) {
      throw new IllegalArgumentException("commandTimeout must be positive: " + commandTimeout);
    }
    this.timeoutNanos = commandTimeout.toNanos();
  }

  @Override
  public Decision tryAcquire(String key, RateLimit limit) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(limit, "limit");
    long deadline = System.nanoTime() + timeoutNanos;
    String[] keys = {redisKey(key)};
    byte[][] args = {RedisScript.arg(clock.millis()), RedisScript.arg(Double.toString(limit.permitsPerSecond())),
        RedisScript.arg(limit.burst()), RedisScript.arg(ttlMillis(limit)), RedisScript.arg(Double.toString(BucketState.EPSILON))};
    try {
      return decision(run(false, keys, args, deadline));
    } catch (RateLimiterUnavailableException e) {
      if (!RedisScript.isNoScript(e)) throw e;
      // Redis restarted and lost its script cache: nothing ran, so sending the body once is safe.
      return decision(run(true, keys, args, deadline));
    }
  }

  /**
   * The Redis key of a client's bucket. Braces in the client key are escaped (and so is {@code %}, to
   * keep the escaping reversible) so that the hash tag is always the whole client key.
   */
  static String redisKey(String key) {
    String escaped = key.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    return KEY_PREFIX + "{" + escaped + "}";
  }

  /** Twice the fill time, at least {@link #MIN_TTL_MILLIS}. */
  static long ttlMillis(RateLimit limit) {
    return Math.max(MIN_TTL_MILLIS, 2 * limit.fillTime().toMillis() + 1);
  }

  /** Sends the script ({@code EVALSHA}, or {@code EVAL} with the body) and waits until the deadline. */
  private List<Object> run(boolean withBody, String[] keys, byte[][] args, long deadlineNanos) {
    RedisFuture<List<Object>> future = null;
    try {
      future = withBody ? SCRIPT.eval(redis.commands(), keys, args) : SCRIPT.evalsha(redis.commands(), keys, args);
      redis.flush();
      return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new RateLimiterUnavailableException("rate limit script failed on " + redis + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      future.cancel(true); // a late reply then finds nobody waiting; the permit it took is lost, as if used
      throw new RateLimiterUnavailableException(redis + " did not answer the rate limit script within "
          + Duration.ofNanos(timeoutNanos).toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RateLimiterUnavailableException("interrupted while waiting for " + redis, e);
    } catch (RuntimeException e) {
      // Lettuce may fail the call before it is queued (e.g. a closed connection).
      throw new RateLimiterUnavailableException("rate limit script failed on " + redis + ": " + e.getMessage(), e);
    }
  }

  private static Decision decision(List<Object> reply) {
    if (reply == null || reply.size() != 3) {
      throw new RateLimiterUnavailableException("unexpected reply from the rate limit script: " + reply, null);
    }
    if (!(reply.get(0) instanceof Long allowed) || !(reply.get(1) instanceof Long remaining)
        || !(reply.get(2) instanceof Long waitMillis)) {
      throw new RateLimiterUnavailableException("unexpected reply from the rate limit script: " + reply, null);
    }
    return allowed == 1 ? Decision.allow(remaining) : Decision.refuse(remaining, Duration.ofMillis(waitMillis));
  }
}
