package io.recsys.gateway.experiment;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.redis.RedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An {@link ExposureLog} in Redis (standalone or Cluster), shared by every gateway replica.
 *
 * <p>Per experiment, two keys with the experiment as hash tag, so they live in one Cluster slot and one
 * experiment's writes go to one node:
 * <ul>
 *   <li>{@code recsys:exp:{<experiment>}:counts}, a hash with fields {@code <variant>:requests},
 *       {@code <variant>:shown}, {@code <variant>:impressions}, {@code <variant>:clicks}, updated with
 *       {@code HINCRBY} (atomic, so concurrent replicas never lose an increment);
 *   <li>{@code recsys:exp:{<experiment>}:exposures}, a stream of {@code requestId, userId, variant, ts}
 *       (epoch milliseconds), appended with {@code XADD MAXLEN ~ <maxExposures>}: approximate trimming
 *       drops whole stream nodes, which is O(1) per call where exact trimming is not.
 * </ul>
 * One exposure is one pipelined round trip (two {@code HINCRBY} and one {@code XADD}); it waits for the
 * replies within the connection's command timeout.
 *
 * <p>Every Redis failure (unreachable, timeout, error reply) surfaces as {@link ExposureLogException}; the
 * caller treats exposure logging as fail-open and counts the failures. A failure can leave an exposure
 * partly applied (counted but not logged, or the reverse): the counts are for reporting, not billing.
 *
 * <p>Thread-safe: the shared {@link RedisConnection} pipelines for several threads at once. The
 * connection belongs to the caller, which closes it.
 */
public final class RedisExposureLog implements ExposureLog {
  static final String REQUESTS = "requests";
  static final String SHOWN = "shown";
  static final String IMPRESSIONS = "impressions";
  static final String CLICKS = "clicks";

  private final RedisConnection redis;
  private final ExposureLogConfig config;
  private final Clock clock;

  public RedisExposureLog(RedisConnection redis, ExposureLogConfig config, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The counts hash of {@code experiment}. */
  public String countsKey(String experiment) {
    return config.keyPrefix() + "{" + experiment + "}:counts";
  }

  /** The exposures stream of {@code experiment}. */
  public String exposuresKey(String experiment) {
    return config.keyPrefix() + "{" + experiment + "}:exposures";
  }

  @Override
  public void recordExposure(String requestId, String userId, Assignment assignment, int itemsShown) {
    ExposureLog.checkExposure(requestId, userId, assignment, itemsShown);
    String experiment = assignment.experiment();
    String variant = assignment.variant();
    Map<String, byte[]> entry = new LinkedHashMap<>();
    entry.put("requestId", utf8(requestId));
    entry.put("userId", utf8(userId));
    entry.put("variant", utf8(variant));
    entry.put("ts", utf8(Long.toString(clock.millis())));
    XAddArgs trim = new XAddArgs().maxlen(config.maxExposures()).approximateTrimming();
    try {
      RedisClusterAsyncCommands<String, byte[]> c = redis.commands();
      List<RedisFuture<?>> replies = new ArrayList<>(3);
      replies.add(c.hincrby(countsKey(experiment), variant + ":" + REQUESTS, 1));
      replies.add(c.hincrby(countsKey(experiment), variant + ":" + SHOWN, itemsShown));
      replies.add(c.xadd(exposuresKey(experiment), trim, entry));
      redis.flush();
      redis.awaitAll(replies);
    } catch (FeatureStoreException | io.lettuce.core.RedisException e) {
      throw new ExposureLogException("cannot record exposure of " + experiment + "/" + variant + " in " + redis + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void recordFeedback(String experiment, String variant, long impressions, long clicks) {
    ExposureLog.checkFeedback(experiment, variant, impressions, clicks);
    try {
      RedisClusterAsyncCommands<String, byte[]> c = redis.commands();
      List<RedisFuture<?>> replies = new ArrayList<>(2);
      if (impressions > 0) replies.add(c.hincrby(countsKey(experiment), variant + ":" + IMPRESSIONS, impressions));
      if (clicks > 0) replies.add(c.hincrby(countsKey(experiment), variant + ":" + CLICKS, clicks));
      if (replies.isEmpty()) return;
      redis.flush();
      redis.awaitAll(replies);
    } catch (FeatureStoreException | io.lettuce.core.RedisException e) {
      throw new ExposureLogException("cannot record feedback of " + experiment + "/" + variant + " in " + redis + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, VariantCounts> counts(String experiment) {
    ExposureLog.checkName("experiment", experiment);
    Map<String, byte[]> hash;
    try {
      RedisFuture<Map<String, byte[]>> reply = redis.commands().hgetall(countsKey(experiment));
      redis.flush();
      hash = redis.await(reply);
    } catch (FeatureStoreException | io.lettuce.core.RedisException e) {
      throw new ExposureLogException("cannot read counts of " + experiment + " from " + redis + ": " + e.getMessage(), e);
    }
    Map<String, long[]> byVariant = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : hash.entrySet()) {
      String field = e.getKey();
      int colon = field.lastIndexOf(':');
      int metric = colon < 0 ? -1 : switch (field.substring(colon + 1)) {
        case REQUESTS -> 0;
        case SHOWN -> 1;
        case IMPRESSIONS -> 2;
        case CLICKS -> 3;
        default -> -1;
      };
      if (metric < 0) continue; // not ours: ignore rather than fail a report over a stray field
      long[] c = byVariant.computeIfAbsent(field.substring(0, colon), k -> new long[4]);
      c[metric] = Long.parseLong(new String(e.getValue(), StandardCharsets.US_ASCII));
    }
    Map<String, VariantCounts> out = new TreeMap<>();
    for (Map.Entry<String, long[]> e : byVariant.entrySet()) {
      long[] c = e.getValue();
      out.put(e.getKey(), new VariantCounts(c[0], c[1], c[2], c[3]));
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public List<Exposure> recentExposures(String experiment, int limit) {
    ExposureLog.checkName("experiment", experiment);
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0: " + limit);
    if (limit == 0) return List.of();
    List<StreamMessage<String, byte[]>> messages;
    try {
      RedisFuture<List<StreamMessage<String, byte[]>>> reply =
          redis.commands().xrevrange(exposuresKey(experiment), Range.unbounded(), Limit.from(limit));
      redis.flush();
      messages = redis.await(reply);
    } catch (FeatureStoreException | io.lettuce.core.RedisException e) {
      throw new ExposureLogException("cannot read exposures of " + experiment + " from " + redis + ": " + e.getMessage(), e);
    }
    List<Exposure> out = new ArrayList<>(messages.size());
    for (StreamMessage<String, byte[]> m : messages) {
      Map<String, byte[]> body = m.getBody();
      out.add(new Exposure(string(body.get("requestId")), string(body.get("userId")), string(body.get("variant")),
          Instant.ofEpochMilli(Long.parseLong(string(body.get("ts"))))));
    }
    return List.copyOf(out);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return b == null ? "" : new String(b, StandardCharsets.UTF_8);
  }
}
