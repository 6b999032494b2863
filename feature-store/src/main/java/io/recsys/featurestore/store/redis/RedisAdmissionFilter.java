package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisFuture;
import io.recsys.featurestore.store.AdmissionConfig;
import io.recsys.featurestore.store.AdmissionFilter;
import io.recsys.featurestore.store.KeyLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.time.Clock;
import java.util.Objects;

/**
 * The Redis {@link AdmissionFilter}: {@code INCR rs:v3:{i:<id>}:adm} and {@code PEXPIREAT} (deadline
 * from the clock) in one pipeline, so the count lives in the item's slot and disappears after the
 * window without events. Thread-safe (Redis INCR is atomic).
 */
public final class RedisAdmissionFilter implements AdmissionFilter {
  private final RedisConnection redis;
  private final KeyLayout keys;
  private final AdmissionConfig config;
  private final Clock clock;

  public RedisAdmissionFilter(RedisConnection redis, KeyLayout keys, AdmissionConfig config, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean record(String itemId) {
    String key = keys.item(itemId, KeyLayout.ADMISSION);
    RedisFuture<Long> count = redis.commands().incr(key);
    RedisFuture<Boolean> expiry = redis.commands().pexpireat(key, clock.millis() + config.window().toMillis());
    redis.flush();
    long n = redis.await(count);
    redis.await(expiry);
    return n >= config.threshold();
  }

  @Override
  public boolean isAdmitted(String itemId) {
    RedisFuture<byte[]> f = redis.commands().get(keys.item(itemId, KeyLayout.ADMISSION));
    redis.flush();
    return reached(redis.await(f));
  }

  /** One pipelined GET per item (their keys live in different slots), one round trip. */
  @Override
  public List<String> admittedAmong(Collection<String> itemIds) {
    List<String> ids = List.copyOf(itemIds);
    List<RedisFuture<byte[]>> counts = new ArrayList<>(ids.size());
    for (String id : ids) counts.add(redis.commands().get(keys.item(id, KeyLayout.ADMISSION)));
    redis.flush();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) if (reached(redis.await(counts.get(i)))) out.add(ids.get(i));
    return out;
  }

  private boolean reached(byte[] count) {
    return count != null && Long.parseLong(new String(count, StandardCharsets.US_ASCII)) >= config.threshold();
  }
}
