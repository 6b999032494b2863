package io.recsys.featurestore.store.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.EntityType;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.featurestore.store.FeatureSchemaMismatchException;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.FeatureValues;
import io.recsys.featurestore.store.FloatVectorCodec;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.HistoryEntryCodec;
import io.recsys.featurestore.store.ItemClusters;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.featurestore.store.StreamPosition;
import io.recsys.featurestore.store.ScoringFeatures;
import io.recsys.featurestore.store.UserFeatures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Redis {@link FeatureStore} (Lettuce). Every call — single or batch — queues its commands on the
 * shared pipelined {@link RedisConnection} and flushes once: one round trip per call. An item is one
 * packed binary value ({@link ItemRecord}: counters, metadata, embedding), so {@code items(500 ids)} is
 * a single {@code MGET} of 500 keys; its writers replace their own section inside a Lua script. Keys
 * follow {@link KeyLayout}; other values are binary too (little-endian float32 vectors, length-prefixed
 * strings).
 *
 * <p>User TTL: Redis keeps a TTL per key, and {@code HSET}/{@code LPUSH} neither set nor refresh it (a
 * new hash field does not extend the key's TTL). So every user write is followed, in the same pipeline,
 * by {@code PEXPIREAT} on all of the user's keys, with the deadline from the injected clock. The
 * pipeline is not a transaction: if the connection drops between a write and its expiry, that key keeps
 * its previous deadline until the user's next write.
 *
 * <p>Thread-safe; share one instance per process.
 */
public final class RedisFeatureStore implements FeatureStore {
  private final RedisConnection redis;
  private final boolean ownsConnection;
  private final FeatureStoreConfig config;
  private final KeyLayout keys;
  private final Clock clock;
  private final long halfLifeMillis;

  private RedisFeatureStore(RedisConnection redis, boolean ownsConnection, FeatureStoreConfig config, Clock clock) {
    this.redis = redis;
    this.ownsConnection = ownsConnection;
    this.config = config;
    this.keys = config.keyLayout();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.halfLifeMillis = config.counterHalfLife().toMillis();
  }

  /**
   * Connects, then checks (or on first use writes) the schema record.
   *
   * @throws FeatureSchemaMismatchException when Redis holds another schema
   * @throws io.recsys.featurestore.store.FeatureStoreException when Redis is unreachable
   */
  public static RedisFeatureStore open(RedisConnectionConfig connection, FeatureStoreConfig config, Clock clock) {
    RedisConnection redis = RedisConnection.open(connection);
    try {
      return open(redis, true, config, clock);
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** As {@link #open(RedisConnectionConfig, FeatureStoreConfig, Clock)} on a connection the caller keeps and closes. */
  public static RedisFeatureStore open(RedisConnection redis, FeatureStoreConfig config, Clock clock) {
    return open(redis, false, config, clock);
  }

  private static RedisFeatureStore open(RedisConnection redis, boolean owns, FeatureStoreConfig config, Clock clock) {
    RedisSchemaRecord.verifyOrCreate(redis, config.keyLayout(), config.schema());
    return new RedisFeatureStore(redis, owns, config, clock);
  }

  @Override
  public FeatureSchema schema() {
    return config.schema();
  }

  /** The connection, for components that share it (the admission filter, the ingestion service). */
  public RedisConnection connection() {
    return redis;
  }

  // ---- users

  @Override
  public void appendHistory(String userId, List<HistoryEntry> oldestFirst) {
    appendHistories(Map.of(userId, oldestFirst));
  }

  @Override
  public void appendHistories(Map<String, List<HistoryEntry>> oldestFirstByUser) {
    RedisClusterAsyncCommands<String, byte[]> c = redis.commands();
    List<RedisFuture<?>> futures = new ArrayList<>(oldestFirstByUser.size() * 6);
    long deadline = userDeadline();
    for (Map.Entry<String, List<HistoryEntry>> e : oldestFirstByUser.entrySet()) {
      List<HistoryEntry> entries = e.getValue();
      if (entries.isEmpty()) continue;
      String key = keys.user(e.getKey(), KeyLayout.HISTORY);
      byte[][] values = new byte[entries.size()][];
      for (int i = 0; i < values.length; i++) values[i] = HistoryEntryCodec.encode(entries.get(i));
      futures.add(c.lpush(key, values));
      futures.add(c.ltrim(key, 0, config.historyCap() - 1));
      touchUser(c, e.getKey(), deadline, futures);
    }
    run(futures);
  }

  /** Delete and rewrite in one script, so a reader never sees the history half written. ARGV newest first. */
  private static final RedisScript REPLACE_HISTORY = new RedisScript("""
      redis.call('DEL', KEYS[1])
      if #ARGV > 0 then redis.call('RPUSH', KEYS[1], unpack(ARGV)) end
      return 1
      """, io.lettuce.core.ScriptOutputType.INTEGER);

  @Override
  public void replaceHistories(Map<String, List<HistoryEntry>> oldestFirstByUser) {
    List<String> historyKeys = new ArrayList<>(oldestFirstByUser.size());
    List<byte[][]> newestFirst = new ArrayList<>(oldestFirstByUser.size());
    for (Map.Entry<String, List<HistoryEntry>> e : oldestFirstByUser.entrySet()) {
      List<HistoryEntry> entries = e.getValue();
      byte[][] values = new byte[Math.min(entries.size(), config.historyCap())][];
      for (int i = 0; i < values.length; i++) values[i] = HistoryEntryCodec.encode(entries.get(entries.size() - 1 - i));
      historyKeys.add(keys.user(e.getKey(), KeyLayout.HISTORY));
      newestFirst.add(values);
    }
    REPLACE_HISTORY.runAll(redis, historyKeys, newestFirst);
    RedisClusterAsyncCommands<String, byte[]> c = redis.commands();
    List<RedisFuture<?>> futures = new ArrayList<>(oldestFirstByUser.size() * 4);
    long deadline = userDeadline();
    for (String userId : oldestFirstByUser.keySet()) touchUser(c, userId, deadline, futures);
    run(futures);
  }

  @Override
  public List<HistoryEntry> history(String userId, int limit) {
    requireLimit(limit);
    String key = keys.user(userId, KeyLayout.HISTORY);
    if (limit == 0) return List.of();
    RedisFuture<List<byte[]>> f = redis.commands().lrange(key, 0, limit - 1);
    redis.flush();
    return decodeHistory(redis.await(f));
  }

  @Override
  public void putInterestMixture(String userId, float[] weights) {
    List<RedisFuture<?>> futures = new ArrayList<>(6);
    futures.add(redis.commands().set(keys.user(userId, KeyLayout.MIXTURE), FloatVectorCodec.encode(weights)));
    touchUser(redis.commands(), userId, userDeadline(), futures);
    run(futures);
  }

  @Override
  public void putInterestMixtures(Map<String, float[]> weightsByUser) {
    if (weightsByUser.isEmpty()) return;
    List<RedisFuture<?>> futures = new ArrayList<>(weightsByUser.size() * 6);
    long deadline = userDeadline();
    weightsByUser.forEach((userId, weights) -> {
      futures.add(redis.commands().set(keys.user(userId, KeyLayout.MIXTURE), FloatVectorCodec.encode(weights)));
      touchUser(redis.commands(), userId, deadline, futures);
    });
    run(futures);
  }

  @Override
  public float[] interestMixture(String userId) {
    RedisFuture<byte[]> f = redis.commands().get(keys.user(userId, KeyLayout.MIXTURE));
    redis.flush();
    byte[] b = redis.await(f);
    return b == null ? new float[0] : FloatVectorCodec.decode(b);
  }

  @Override
  public void putUserAttributes(String userId, Map<String, String> attributes) {
    String key = keys.user(userId, KeyLayout.ATTRIBUTES);
    if (attributes.isEmpty()) return;
    Map<String, byte[]> fields = new HashMap<>();
    attributes.forEach((k, v) -> fields.put(k, v.getBytes(StandardCharsets.UTF_8)));
    List<RedisFuture<?>> futures = new ArrayList<>(6);
    futures.add(redis.commands().hset(key, fields));
    touchUser(redis.commands(), userId, userDeadline(), futures);
    run(futures);
  }

  @Override
  public Map<String, String> userAttributes(String userId) {
    RedisFuture<Map<String, byte[]>> f = redis.commands().hgetall(keys.user(userId, KeyLayout.ATTRIBUTES));
    redis.flush();
    return decodeAttributes(redis.await(f));
  }

  @Override
  public List<UserFeatures> users(List<String> userIds, int historyLimit) {
    requireLimit(historyLimit);
    RedisClusterAsyncCommands<String, byte[]> c = redis.commands();
    int n = userIds.size();
    List<RedisFuture<List<byte[]>>> hist = new ArrayList<>(n);
    List<RedisFuture<byte[]>> mix = new ArrayList<>(n);
    List<RedisFuture<Map<String, byte[]>>> attrs = new ArrayList<>(n);
    List<RedisFuture<?>> all = new ArrayList<>(3 * n);
    for (String id : userIds) {
      if (historyLimit > 0) {
        RedisFuture<List<byte[]>> h = c.lrange(keys.user(id, KeyLayout.HISTORY), 0, historyLimit - 1);
        hist.add(h);
        all.add(h);
      }
      RedisFuture<byte[]> m = c.get(keys.user(id, KeyLayout.MIXTURE));
      RedisFuture<Map<String, byte[]>> a = c.hgetall(keys.user(id, KeyLayout.ATTRIBUTES));
      mix.add(m);
      attrs.add(a);
      all.add(m);
      all.add(a);
    }
    run(all);
    List<UserFeatures> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] m = redis.await(mix.get(i));
      out.add(new UserFeatures(userIds.get(i),
          historyLimit > 0 ? decodeHistory(redis.await(hist.get(i))) : List.of(),
          m == null ? new float[0] : FloatVectorCodec.decode(m),
          decodeAttributes(redis.await(attrs.get(i)))));
    }
    return out;
  }

  @Override
  public void deleteUser(String userId) {
    RedisFuture<Long> f = redis.commands().del(keys.userKeys(userId, config.schema()).toArray(String[]::new));
    redis.flush();
    redis.await(f);
  }

  /**
   * One script (every key of a user shares a slot): delete the user's keys, then write the fence with
   * the user TTL. A fence already there with a later position is kept (erasures may race).
   */
  private static final RedisScript ERASE = new RedisScript("""
      local old = redis.call('GET', KEYS[1])
      local fence = ARGV[1]
      if old then
        local d, e = string.find(old, '-', 1, true), string.find(fence, '-', 1, true)
        local oms, osq = tonumber(string.sub(old, 1, d - 1)), tonumber(string.sub(old, d + 1))
        local nms, nsq = tonumber(string.sub(fence, 1, e - 1)), tonumber(string.sub(fence, e + 1))
        if oms > nms or (oms == nms and osq > nsq) then fence = old end
      end
      redis.call('DEL', unpack(KEYS))
      if tonumber(ARGV[2]) >= 0 then redis.call('SET', KEYS[1], fence, 'PXAT', ARGV[2]) else redis.call('SET', KEYS[1], fence) end
      return 1
      """, io.lettuce.core.ScriptOutputType.INTEGER);

  @Override
  public void eraseUser(String userId, StreamPosition acceptedUpTo) {
    List<String> userKeys = new ArrayList<>(keys.userKeys(userId, config.schema()));
    String fence = keys.user(userId, KeyLayout.ERASED);
    userKeys.remove(fence);
    userKeys.addFirst(fence);
    long deadline = config.userTtl().isZero() ? -1 : clock.millis() + config.userTtl().toMillis();
    ERASE.run(redis, userKeys.toArray(String[]::new), RedisScript.arg(acceptedUpTo.toString()), RedisScript.arg(deadline));
  }

  // ---- items

  @Override
  public void putItems(List<Item> items) {
    List<String> k = new ArrayList<>(items.size());
    List<byte[]> records = new ArrayList<>(items.size());
    for (Item item : items) {
      k.add(keys.item(item.itemId(), KeyLayout.ITEM_FEATURES));
      records.add(ItemRecord.withMetadata(item));
    }
    RedisItemSectionScript.apply(redis, k, records, RedisItemSectionScript.Section.METADATA);
  }

  @Override
  public void putEmbeddings(Map<String, float[]> embeddingsByItem) {
    List<String> k = new ArrayList<>(embeddingsByItem.size());
    List<byte[]> records = new ArrayList<>(embeddingsByItem.size());
    embeddingsByItem.forEach((id, v) -> {
      k.add(keys.item(id, KeyLayout.ITEM_FEATURES));
      records.add(ItemRecord.withEmbedding(v));
    });
    RedisItemSectionScript.apply(redis, k, records, RedisItemSectionScript.Section.EMBEDDING);
  }

  @Override
  public void countItemEvents(List<CounterUpdate> updates) {
    RedisCounterScript.apply(redis, keys, updates, halfLifeMillis);
  }

  @Override
  public ItemCounters itemCounters(String itemId) {
    RedisFuture<byte[]> f = redis.commands().get(keys.item(itemId, KeyLayout.ITEM_FEATURES));
    redis.flush();
    return ItemRecord.counters(itemId, redis.await(f), clock.millis(), halfLifeMillis);
  }

  /**
   * One {@code MGET} of the items' packed records ({@link ItemRecord}), in request order. This replaced
   * one {@code HGETALL} per item: at 500 items the per-command and per-key work on both ends dominated
   * (p99 9–15 ms on the 2-core VM); one command over one key per item answers in a fraction of that
   * (README, "Benchmarks"). On Redis Cluster, Lettuce splits a multi-slot {@code MGET} into one
   * {@code MGET} per slot and reassembles the reply in key order, so this stays correct there.
   */
  @Override
  public List<ItemFeatures> items(List<String> itemIds) {
    int n = itemIds.size();
    if (n == 0) return List.of();
    String[] k = new String[n];
    for (int i = 0; i < n; i++) k[i] = keys.item(itemIds.get(i), KeyLayout.ITEM_FEATURES);
    RedisFuture<List<KeyValue<String, byte[]>>> f = redis.commands().mget(k);
    redis.flush();
    List<KeyValue<String, byte[]>> records = redis.await(f);
    if (records.size() != n) throw new IllegalStateException("MGET of " + n + " keys answered " + records.size() + " values");
    long now = clock.millis();
    List<ItemFeatures> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(ItemRecord.decode(itemIds.get(i), records.get(i).getValueOrElse(null), now, halfLifeMillis));
    }
    return out;
  }

  /** The user's three reads and the items' {@code MGET}, queued together and flushed once: one round trip. */
  @Override
  public ScoringFeatures scoringFeatures(String userId, int historyLimit, List<String> itemIds) {
    requireLimit(historyLimit);
    RedisClusterAsyncCommands<String, byte[]> c = redis.commands();
    RedisFuture<List<byte[]>> hist = historyLimit > 0 ? c.lrange(keys.user(userId, KeyLayout.HISTORY), 0, historyLimit - 1) : null;
    RedisFuture<byte[]> mix = c.get(keys.user(userId, KeyLayout.MIXTURE));
    RedisFuture<Map<String, byte[]>> attrs = c.hgetall(keys.user(userId, KeyLayout.ATTRIBUTES));
    int n = itemIds.size();
    RedisFuture<List<KeyValue<String, byte[]>>> records = null;
    if (n > 0) {
      String[] k = new String[n];
      for (int i = 0; i < n; i++) k[i] = keys.item(itemIds.get(i), KeyLayout.ITEM_FEATURES);
      records = c.mget(k);
    }
    List<RedisFuture<?>> all = new ArrayList<>(4);
    if (hist != null) all.add(hist);
    all.add(mix);
    all.add(attrs);
    if (records != null) all.add(records);
    run(all);
    byte[] m = redis.await(mix);
    UserFeatures user = new UserFeatures(userId, hist != null ? decodeHistory(redis.await(hist)) : List.of(),
        m == null ? new float[0] : FloatVectorCodec.decode(m), decodeAttributes(redis.await(attrs)));
    List<ItemFeatures> items = new ArrayList<>(n);
    if (records != null) {
      List<KeyValue<String, byte[]>> r = redis.await(records);
      if (r.size() != n) throw new IllegalStateException("MGET of " + n + " keys answered " + r.size() + " values");
      long now = clock.millis();
      for (int i = 0; i < n; i++) items.add(ItemRecord.decode(itemIds.get(i), r.get(i).getValueOrElse(null), now, halfLifeMillis));
    }
    return new ScoringFeatures(user, items);
  }

  @Override
  public void putItemClusters(int clusterCount, Map<String, Integer> clusterByItem) {
    RedisItemClusters.put(redis, keys, clusterCount, clusterByItem);
  }

  @Override
  public ItemClusters itemClusters(List<String> itemIds) {
    return RedisItemClusters.read(redis, keys, itemIds);
  }

  /** The item's own keys in one {@code DEL}, and its field of the cluster hash (another slot), in one round trip. */
  @Override
  public void deleteItem(String itemId) {
    RedisFuture<Long> f = redis.commands().del(keys.itemKeys(itemId, config.schema()).toArray(String[]::new));
    RedisFuture<Long> c = redis.commands().hdel(keys.itemClustersKey(), itemId);
    redis.flush();
    redis.await(f);
    redis.await(c);
  }

  // ---- groups

  @Override
  public void putFeatures(EntityType type, String id, String group, FeatureValues values) {
    config.schema().requireGroup(type, group);
    String key = keys.group(type, id, group);
    if (values.isEmpty()) return;
    List<RedisFuture<?>> futures = new ArrayList<>(6);
    futures.add(redis.commands().hset(key, values.toMap()));
    if (type == EntityType.USER) touchUser(redis.commands(), id, userDeadline(), futures);
    run(futures);
  }

  @Override
  public List<FeatureValues> features(EntityType type, List<String> ids, String group) {
    config.schema().requireGroup(type, group);
    List<RedisFuture<Map<String, byte[]>>> futures = new ArrayList<>(ids.size());
    for (String id : ids) futures.add(redis.commands().hgetall(keys.group(type, id, group)));
    run(futures);
    List<FeatureValues> out = new ArrayList<>(ids.size());
    for (RedisFuture<Map<String, byte[]>> f : futures) {
      Map<String, byte[]> m = redis.await(f);
      out.add(m == null || m.isEmpty() ? FeatureValues.EMPTY : FeatureValues.of(m));
    }
    return out;
  }

  @Override
  public void close() {
    if (ownsConnection) redis.close();
  }

  // ---- internals

  /** Epoch-ms deadline for user state written now, or -1 when user state never expires. */
  private long userDeadline() {
    return config.userTtl().isZero() ? -1 : clock.millis() + config.userTtl().toMillis();
  }

  /** Queues PEXPIREAT on every key of the user: a write to one key keeps the whole user alive. */
  private void touchUser(RedisClusterAsyncCommands<String, byte[]> c, String userId, long deadline,
      List<RedisFuture<?>> futures) {
    if (deadline < 0) return;
    for (String key : keys.userKeys(userId, config.schema())) futures.add(c.pexpireat(key, deadline));
  }

  private void run(List<? extends RedisFuture<?>> futures) {
    if (futures.isEmpty()) return;
    redis.flush();
    redis.awaitAll(futures);
  }

  private static List<HistoryEntry> decodeHistory(List<byte[]> raw) {
    if (raw == null || raw.isEmpty()) return List.of();
    List<HistoryEntry> out = new ArrayList<>(raw.size());
    for (byte[] b : raw) out.add(HistoryEntryCodec.decode(b));
    return out;
  }

  private static Map<String, String> decodeAttributes(Map<String, byte[]> raw) {
    if (raw == null || raw.isEmpty()) return Map.of();
    Map<String, String> out = new HashMap<>(raw.size() * 2);
    raw.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
    return out;
  }

  private static void requireLimit(int limit) {
    if (limit < 0) throw new IllegalArgumentException("history limit must be >= 0: " + limit);
  }
}
