package io.recsys.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets in this JVM's memory: the algorithm of {@link RedisTokenBucket}, for one replica. Used
 * on its own (a single gateway, tests) and as {@link FailoverRateLimiter}'s fallback while Redis is
 * unreachable.
 *
 * <p>The map is bounded. A bucket left idle for its whole fill time is full again, so forgetting it
 * changes no decision: such buckets are swept out once per {@link #SWEEP_INTERVAL} and whenever the
 * map holds more than {@code maxBuckets}. If it is still over the bound after that (more active
 * clients than the bound), the least recently used half is dropped: those clients get a full bucket
 * back, a deliberate trade of a little leniency for bounded memory under a flood of distinct keys
 * (e.g. anonymous callers from many addresses).
 *
 * <p>Thread-safe: each bucket is updated under its own lock, so calls of different keys never wait on
 * each other; an evicted bucket is marked so a call that raced with the sweep retries on a fresh one.
 */
public final class LocalTokenBucket implements RateLimiter {
  public static final int DEFAULT_MAX_BUCKETS = 100_000;
  public static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final Clock clock;
  private final int maxBuckets;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong nextSweepMillis;

  public LocalTokenBucket(Clock clock) {
    this(clock, DEFAULT_MAX_BUCKETS);
  }

  public LocalTokenBucket(Clock clock, int maxBuckets) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxBuckets < 1) throw new IllegalArgumentException("maxBuckets must be positive: " + maxBuckets);
    this.maxBuckets = maxBuckets;
    this.nextSweepMillis = new AtomicLong(clock.millis() + SWEEP_INTERVAL.toMillis());
  }

  @Override
  public Decision tryAcquire(String key, RateLimit limit) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(limit, "limit");
    long now = clock.millis();
    while (true) {
      Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(BucketState.full(limit, now)));
      Decision d = bucket.take(limit, now);
      if (d != null) {
        maybeSweep(now);
        return d;
      }
      // The sweep removed this bucket between the lookup and the lock: take from its successor.
    }
  }

  /** How many buckets are held now (for tests and metrics). */
  public int size() {
    return buckets.size();
  }

  private void maybeSweep(long now) {
    long due = nextSweepMillis.get();
    boolean overBound = buckets.size() > maxBuckets;
    if (!overBound && now < due) return;
    // One thread sweeps; the others go on (a bound briefly exceeded by a few buckets is harmless).
    if (!nextSweepMillis.compareAndSet(due, now + SWEEP_INTERVAL.toMillis())) return;
    sweep(now);
  }

  private void sweep(long now) {
    for (Map.Entry<String, Bucket> e : buckets.entrySet()) {
      Bucket b = e.getValue();
      if (b.evictIfFull(now)) buckets.remove(e.getKey(), b);
    }
    int excess = buckets.size() - maxBuckets;
    if (excess <= 0) return;
    // Still over the bound with every bucket in use: drop the least recently used half of the bound
    // besides the excess, so the next sweep is far off instead of running on every call.
    // The times are copied first: sorting on values that other threads keep changing could break the sort.
    record Used(String key, Bucket bucket, long lastUsedMillis) {}
    List<Used> all = new ArrayList<>(buckets.size());
    buckets.forEach((k, b) -> all.add(new Used(k, b, b.lastUsedMillis())));
    all.sort(Comparator.comparingLong(Used::lastUsedMillis));
    int drop = Math.min(all.size(), excess + maxBuckets / 2);
    for (int i = 0; i < drop; i++) {
      Used u = all.get(i);
      if (u.bucket().evict()) buckets.remove(u.key(), u.bucket());
    }
  }

  /** One key's bucket: mutable, guarded by its own monitor. */
  private static final class Bucket {
    private BucketState state;
    private RateLimit lastLimit;
    private boolean evicted;

    Bucket(BucketState state) {
      this.state = state;
    }

    /** The decision, or null when the bucket was evicted meanwhile. */
    synchronized Decision take(RateLimit limit, long now) {
      if (evicted) return null;
      BucketState.Step step = state.take(limit, now);
      state = step.next();
      lastLimit = limit;
      return step.decision();
    }

    synchronized boolean evictIfFull(long now) {
      if (evicted || lastLimit == null || !state.fullBy(lastLimit, now)) return false;
      evicted = true;
      return true;
    }

    synchronized boolean evict() {
      if (evicted) return false;
      evicted = true;
      return true;
    }

    synchronized long lastUsedMillis() {
      return state.updatedMillis();
    }
  }
}
