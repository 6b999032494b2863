package io.recsys.featurestore.store.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.store.ItemClusters;
import io.recsys.featurestore.store.KeyLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The item → interest-cluster assignment in Redis: the count in {@code rs:v3:{clusters}:count}, the
 * indices in the hash {@code rs:v3:{clusters}:items} (field = item id, value = decimal index). Both keys
 * carry the hash tag {@code {clusters}}, so on Redis Cluster they share one slot: a write script touches
 * both, and a read is one pipelined {@code GET} + {@code HMGET} to one node. That node serves every
 * cluster lookup; the ingestion workers' cache ({@code ItemClusterCache}) keeps the load there to about
 * one read per distinct item per cache TTL. Stateless and thread-safe.
 */
final class RedisItemClusters {
  /** Items per script call: Lua's {@code unpack} stays far below its stack limit (~8000 values). */
  private static final int CHUNK = 1000;

  // Drops the assignment when the count changes (its indices refer to another clustering), then sets
  // the given items. GET fails on a key of the wrong type before anything is written; HSET can only
  // fail when the count is unchanged, and then nothing was written before it.
  private static final RedisScript PUT = new RedisScript("""
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then
        redis.call('DEL', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1])
      end
      if #ARGV > 1 then redis.call('HSET', KEYS[2], unpack(ARGV, 2)) end
      return 0
      """, ScriptOutputType.INTEGER);

  private RedisItemClusters() {}

  /** Writes the assignment, {@link #CHUNK} items per script call, all pipelined in one round trip. */
  static void put(RedisConnection redis, KeyLayout keys, int clusterCount, Map<String, Integer> clusterByItem) {
    ItemClusters.requireValid(clusterCount, clusterByItem);
    String[] k = {keys.clusterCountKey(), keys.itemClustersKey()};
    byte[] count = RedisScript.arg(clusterCount);
    List<byte[][]> calls = new ArrayList<>(1 + clusterByItem.size() / CHUNK);
    List<byte[]> args = new ArrayList<>(1 + 2 * Math.min(CHUNK, clusterByItem.size()));
    args.add(count);
    for (Map.Entry<String, Integer> e : clusterByItem.entrySet()) {
      args.add(RedisScript.arg(e.getKey()));
      args.add(RedisScript.arg(e.getValue()));
      if (args.size() == 1 + 2 * CHUNK) {
        calls.add(args.toArray(byte[][]::new));
        args.clear();
        args.add(count);
      }
    }
    if (args.size() > 1 || calls.isEmpty()) calls.add(args.toArray(byte[][]::new));
    List<RedisFuture<Object>> futures = new ArrayList<>(calls.size());
    for (byte[][] a : calls) futures.add(PUT.evalsha(redis.commands(), k, a));
    redis.flush();
    boolean noScript = false;
    for (RedisFuture<Object> f : futures) {
      try {
        redis.await(f);
      } catch (RuntimeException e) {
        if (!RedisScript.isNoScript(e)) throw e;
        noScript = true;
      }
    }
    if (!noScript) return;
    // The script cache was empty (a restart): the whole write is idempotent, so send it again with bodies.
    futures.clear();
    for (byte[][] a : calls) futures.add(PUT.eval(redis.commands(), k, a));
    redis.flush();
    redis.awaitAll(futures);
  }

  /** The count and the items' clusters: one {@code GET} and one {@code HMGET}, one round trip. */
  static ItemClusters read(RedisConnection redis, KeyLayout keys, List<String> itemIds) {
    int n = itemIds.size();
    RedisFuture<byte[]> count = redis.commands().get(keys.clusterCountKey());
    RedisFuture<List<KeyValue<String, byte[]>>> values =
        n == 0 ? null : redis.commands().hmget(keys.itemClustersKey(), itemIds.toArray(String[]::new));
    redis.flush();
    byte[] c = redis.await(count);
    int clusterCount = c == null ? 0 : Integer.parseInt(new String(c, StandardCharsets.US_ASCII));
    int[] out = new int[n];
    if (n == 0) return new ItemClusters(clusterCount, out);
    List<KeyValue<String, byte[]>> v = redis.await(values);
    if (v.size() != n) throw new IllegalStateException("HMGET of " + n + " fields answered " + v.size() + " values");
    for (int i = 0; i < n; i++) {
      byte[] b = v.get(i).getValueOrElse(null);
      out[i] = b == null || clusterCount == 0 ? ItemClusters.UNKNOWN : Integer.parseInt(new String(b, StandardCharsets.US_ASCII));
    }
    return new ItemClusters(clusterCount, out);
  }
}
