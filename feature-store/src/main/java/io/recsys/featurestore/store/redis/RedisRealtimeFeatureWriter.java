package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.dataset.InteractionType;
import io.recsys.featurestore.store.AppliedEvents;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntryCodec;
import io.recsys.featurestore.store.ItemClusterCache;
import io.recsys.featurestore.store.ItemClusters;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Redis {@link RealtimeFeatureWriter}: per batch, one script call per distinct user and one per
 * distinct item, all pipelined: one round trip, plus one that overlaps the item scripts when the
 * cluster cache lacks some of the batch's items. Each script touches only its entity's keys (one hash
 * tag, so one Redis Cluster slot) and applies the entity's side of its events atomically with the
 * de-duplication markers:
 *
 * <ul>
 *   <li>user: event ids not yet in {@code {u:id}:seen} (a sorted set, score = when applied; entries
 *       older than the window are pruned first) are pushed to the history ({@code LPUSH}/{@code LTRIM}), added to
 *       the set, move the interest mixture {@code {u:id}:mix} toward their item's cluster (positive types
 *       on items with a known cluster; {@link io.recsys.featurestore.store.InterestMixtureRule}), and all
 *       the user's keys get the TTL ({@code PEXPIREAT}). The clusters come from the writer's
 *       {@link ItemClusterCache} and go in as script arguments, so the script stays in the user's slot.
 *       The id set is one of the user's keys, so erasure ({@code deleteUser}) removes it and it expires
 *       with the user.
 *   <li>item: for event ids without a marker key {@code {i:id}:ev:<eventId>}: the decayed-counter update ({@code CounterState.add}'s arithmetic, as in
 *       {@link RedisCounterScript}) and {@code INCRBY} of the admission count with the admission
 *       window's {@code PEXPIREAT}, then the marker ({@code SET PXAT now+window}). Markers expire by themselves (deadlines from the injected clock, as every TTL here); {@code deleteItem} leaves them to expire.
 * </ul>
 *
 * <p>The counters live in the {@code ctr} field of the item's features hash, the same field
 * {@code countItemEvents} writes and the item reads decode. Thread-safe; share one per connection.
 */
public final class RedisRealtimeFeatureWriter implements RealtimeFeatureWriter {
  // Redis does not roll a script back when a command in it fails, so each script does every check
  // and every command that can fail (a key of the wrong type) before its first write, and writes its
  // de-duplication markers last: a failed call leaves nothing half-applied behind.
  //
  // The user script also refreshes the interest mixture (InterestMixtureRule, repeated here in Lua):
  // ARGV[5] is the cluster count K, ARGV[6] the number T of interaction types, ARGV[7..6+T] the α of
  // each type by ordinal; each event brings, after its id and history entry, its item's cluster index
  // (-1: unknown, or a type that does not move it), and its α is picked by the type byte of its history
  // entry (offset 8), so an event costs one argument more, not two. Only events not seen before move
  // the weights, so a redelivery never applies them twice. The stored vector is read (GET, which fails on a wrong type)
  // and checked before the first write; one that does not fit (length ≠ 4·K, a negative or non-finite
  // component, sum 0) is started again from uniform and reported as a reset.
  private static final RedisScript USER_SCRIPT = new RedisScript("""
      redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
      local cap = tonumber(ARGV[3]); local deadline = tonumber(ARGV[4]); local K = tonumber(ARGV[5])
      local ids, entries, seen, moves = {}, {}, {}, {}
      local alpha0 = 7
      for i = alpha0 + tonumber(ARGV[6]), #ARGV, 3 do
        if not seen[ARGV[i]] and not redis.call('ZSCORE', KEYS[2], ARGV[i]) then
          seen[ARGV[i]] = true
          ids[#ids + 1] = ARGV[i]; entries[#entries + 1] = ARGV[i + 1]
          local c = tonumber(ARGV[i + 2])
          if c >= 0 then
            if c >= K then return redis.error_reply('ERR cluster ' .. c .. ' outside [0, ' .. K .. ')') end
            moves[#moves + 1] = c + 1; moves[#moves + 1] = tonumber(ARGV[alpha0 + string.byte(ARGV[i + 1], 9)])
          end
        end
      end
      if #ids == 0 then return {0, 0, 0} end
      local mix, reset = nil, 0
      if #moves > 0 then
        local raw = redis.call('GET', KEYS[3])
        local w, fits = {}, false
        if raw and string.len(raw) == 4 * K then
          fits = true
          local s = 0
          for j = 1, K do
            local x = struct.unpack('<f', raw, 4 * j - 3)
            if not (x >= 0 and x < math.huge) then fits = false end
            w[j] = x; s = s + x
          end
          if not (s > 0) then fits = false end
        end
        if not fits then
          if raw then reset = 1 end
          for j = 1, K do w[j] = 1 / K end
        end
        for m = 1, #moves, 2 do
          local c, a = moves[m], moves[m + 1]
          for j = 1, K do w[j] = (1 - a) * w[j] end
          w[c] = w[c] + a
        end
        local s = 0
        for j = 1, K do s = s + w[j] end
        local parts = {}
        for j = 1, K do parts[j] = struct.pack('<f', w[j] / s) end
        mix = table.concat(parts)
      end
      redis.call('LPUSH', KEYS[1], unpack(entries))
      redis.call('LTRIM', KEYS[1], 0, cap - 1)
      if mix then redis.call('SET', KEYS[3], mix) end
      for i = 1, #ids do redis.call('ZADD', KEYS[2], ARGV[1], ids[i]) end
      if deadline >= 0 then
        for k = 1, #KEYS do redis.call('PEXPIREAT', KEYS[k], deadline) end
      end
      return {#ids, #moves / 2, reset}
      """, ScriptOutputType.MULTI);

  // The counters live in the 56-byte counter section of the item's packed ItemRecord (format 1, at
  // byte 3 in Lua's 1-based indexing); metadata and embedding sections are kept byte for byte, as in
  // RedisCounterScript, whose decay arithmetic this repeats per event.
  private static final RedisScript ITEM_SCRIPT = new RedisScript("""
      local h = tonumber(ARGV[1])
      local rec = redis.call('GET', KEYS[1])
      local hasCounters, rest = false, string.rep('\\0', 8)
      if rec then
        if string.byte(rec, 1) ~= 1 or string.len(rec) < 66 then
          return redis.error_reply('ERR ' .. KEYS[1] .. ' is not an item record of format 1')
        end
        hasCounters = string.byte(rec, 2) == 1
        rest = string.sub(rec, 59)
      end
      local fresh, seen = {}, {}
      for k = 3, #KEYS do
        if not seen[KEYS[k]] and redis.call('EXISTS', KEYS[k]) == 0 then
          seen[KEYS[k]] = true
          fresh[#fresh + 1] = k
        end
      end
      if #fresh == 0 then return {0, 0} end
      local imp, clk, pur, asof, ni, nc, np
      local changed = false
      for _, k in ipairs(fresh) do
        local j = 4 + (k - 3) * 2
        local c = tonumber(ARGV[j]); local ts = tonumber(ARGV[j + 1])
        if c >= 0 then
          if not changed then
            changed = true
            imp, clk, pur, asof, ni, nc, np = 0, 0, 0, ts, 0, 0, 0
            if hasCounters then imp, clk, pur, asof, ni, nc, np = struct.unpack('<ddddddd', rec, 3) end
          end
          local w
          if ts >= asof then
            local f = 2 ^ (-(ts - asof) / h)
            imp = imp * f; clk = clk * f; pur = pur * f; asof = ts; w = 1
          else
            w = 2 ^ (-(asof - ts) / h)
          end
          if c == 0 then imp = imp + w; ni = ni + 1
          elseif c == 1 then clk = clk + w; nc = nc + 1
          else pur = pur + w; np = np + 1 end
        end
      end
      local adm = redis.call('INCRBY', KEYS[2], #fresh)
      redis.call('PEXPIREAT', KEYS[2], ARGV[3])
      if changed then
        redis.call('SET', KEYS[1], string.char(1, 1) .. struct.pack('<ddddddd', imp, clk, pur, asof, ni, nc, np) .. rest)
      end
      for _, k in ipairs(fresh) do redis.call('SET', KEYS[k], '1', 'PXAT', ARGV[2]) end
      return {#fresh, adm}
      """, ScriptOutputType.MULTI);
  private static final byte[] NO_COUNTER = RedisScript.arg(-1);
  private static final byte[] NO_CLUSTER = RedisScript.arg(ItemClusters.UNKNOWN);
  private static final byte[] ZERO = RedisScript.arg(0);

  private final RedisConnection redis;
  private final FeatureStoreConfig config;
  private final RealtimeConfig realtime;
  private final KeyLayout keys;
  private final Clock clock;
  private final ItemClusterCache clusters;
  /** α of each interaction type (by ordinal) as a script argument; null where the type moves nothing. */
  private final byte[][] alphaArgs = new byte[InteractionType.values().length][];

  public RedisRealtimeFeatureWriter(RedisConnection redis, FeatureStoreConfig config, RealtimeConfig realtime, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.config = Objects.requireNonNull(config, "config");
    this.realtime = Objects.requireNonNull(realtime, "realtime");
    this.keys = config.keyLayout();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clusters = new ItemClusterCache(ids -> RedisItemClusters.read(redis, keys, ids),
        realtime.mixture().clusterCacheTtl(), ItemClusterCache.DEFAULT_MAX_ENTRIES, clock);
    for (InteractionType t : InteractionType.values()) {
      double a = realtime.mixture().alpha(t);
      if (a > 0) alphaArgs[t.ordinal()] = RedisScript.arg(Double.toString(a));
    }
  }

  @Override
  public AppliedEvents apply(List<FeatureEvent> events) {
    if (events.isEmpty()) return AppliedEvents.NONE;
    Map<String, List<FeatureEvent>> byUser = new LinkedHashMap<>();
    Map<String, List<FeatureEvent>> byItem = new LinkedHashMap<>();
    for (FeatureEvent e : events) {
      byUser.computeIfAbsent(e.userId(), k -> new ArrayList<>(2)).add(e);
      byItem.computeIfAbsent(e.itemId(), k -> new ArrayList<>(2)).add(e);
    }
    long now = clock.millis();
    List<Call> calls = new ArrayList<>(byUser.size() + byItem.size());
    byte[] halfLife = RedisScript.arg(config.counterHalfLife().toMillis());
    byte[] markDeadline = RedisScript.arg(now + realtime.dedupWindow().toMillis());
    byte[] admissionDeadline = RedisScript.arg(now + realtime.admission().window().toMillis());
    for (Map.Entry<String, List<FeatureEvent>> i : byItem.entrySet()) {
      calls.add(new Call(ITEM_SCRIPT, itemKeys(i.getKey(), i.getValue()),
          itemArgs(i.getValue(), halfLife, markDeadline, admissionDeadline), i.getKey()));
    }
    // The item side does not depend on clusters: queue it first, so that a cluster read for items the
    // cache lacks travels in the same flush and its round trip overlaps the item scripts' execution
    // (measured: a separate synchronous read before all scripts cost ~20% of applied events/s).
    send(calls);
    BatchClusters clusterOf = clustersOf(events);
    byte[] nowArg = RedisScript.arg(now);
    byte[] cutoff = RedisScript.arg("(" + (now - realtime.dedupWindow().toMillis()));
    byte[] cap = RedisScript.arg(config.historyCap());
    byte[] deadline = RedisScript.arg(config.userTtl().isZero() ? -1 : now + config.userTtl().toMillis());
    List<Call> userCalls = new ArrayList<>(byUser.size());
    for (Map.Entry<String, List<FeatureEvent>> u : byUser.entrySet()) {
      userCalls.add(new Call(USER_SCRIPT, userKeys(u.getKey()),
          userArgs(u.getValue(), nowArg, cutoff, cap, deadline, clusterOf), null));
    }
    send(userCalls);
    calls.addAll(userCalls);
    collect(calls);

    int userApplied = 0, itemApplied = 0, mixturesUpdated = 0, mixturesReset = 0;
    List<String> admitted = new ArrayList<>();
    int threshold = realtime.admission().threshold();
    for (Call c : calls) {
      if (c.itemId == null) {
        List<?> r = (List<?>) c.result;
        userApplied += ((Long) r.get(0)).intValue();
        mixturesUpdated += ((Long) r.get(1)).intValue();
        mixturesReset += ((Long) r.get(2)).intValue();
        continue;
      }
      List<?> r = (List<?>) c.result;
      long applied = (Long) r.get(0), count = (Long) r.get(1);
      itemApplied += (int) applied;
      if (applied > 0 && count - applied < threshold && count >= threshold) admitted.add(c.itemId);
    }
    return new AppliedEvents(userApplied, itemApplied, admitted, mixturesUpdated, mixturesReset);
  }

  /** The clusters of a batch's items ({@link ItemClusters#UNKNOWN} where none) and their cluster count. */
  private record BatchClusters(int count, Map<String, Integer> byItem) {
    static final BatchClusters NONE = new BatchClusters(0, Map.of());
  }

  /**
   * The clusters of the items of the batch's events that can move a mixture (positive types), from the
   * cache ({@link ItemClusterCache}: at most one read for the items it does not hold); none when no
   * event can move a mixture.
   */
  private BatchClusters clustersOf(List<FeatureEvent> events) {
    List<String> ids = new ArrayList<>();
    Map<String, Integer> out = new HashMap<>();
    for (FeatureEvent e : events) {
      if (alphaArgs[e.type().ordinal()] != null && out.putIfAbsent(e.itemId(), ItemClusters.UNKNOWN) == null) ids.add(e.itemId());
    }
    if (ids.isEmpty()) return BatchClusters.NONE;
    int[] cluster = new int[ids.size()];
    int count = clusters.lookup(ids, cluster);
    for (int i = 0; i < cluster.length; i++) out.put(ids.get(i), cluster[i]);
    return new BatchClusters(count, out);
  }

  /** Queues the calls ({@code EVALSHA}); they leave with the next flush. */
  private void send(List<Call> calls) {
    for (Call c : calls) c.future = c.script.evalsha(redis.commands(), c.keys, c.args);
  }

  /** Flushes and waits for every sent call; calls that met an empty script cache are re-sent once with the body. */
  private void collect(List<Call> calls) {
    redis.flush();
    List<Call> retry = new ArrayList<>();
    RuntimeException failure = null;
    for (Call c : calls) {
      try {
        c.result = redis.await(c.future);
      } catch (RuntimeException e) {
        if (RedisScript.isNoScript(e)) retry.add(c);
        else if (failure == null) failure = e;
      }
    }
    if (failure != null) throw failure;
    if (retry.isEmpty()) return;
    for (Call c : retry) c.future = c.script.eval(redis.commands(), c.keys, c.args);
    redis.flush();
    for (Call c : retry) c.result = redis.await(c.future);
  }

  /** The user's keys with history, seen ids and mixture first (the script's KEYS[1..3]), then the rest. */
  private String[] userKeys(String userId) {
    List<String> all = keys.userKeys(userId, config.schema());
    String hist = keys.user(userId, KeyLayout.HISTORY);
    String seen = keys.user(userId, KeyLayout.SEEN_EVENTS);
    String mix = keys.user(userId, KeyLayout.MIXTURE);
    String[] out = new String[all.size()];
    out[0] = hist;
    out[1] = seen;
    out[2] = mix;
    int n = 3;
    for (String k : all) if (!k.equals(hist) && !k.equals(seen) && !k.equals(mix)) out[n++] = k;
    return out;
  }

  private byte[][] userArgs(List<FeatureEvent> events, byte[] now, byte[] cutoff, byte[] cap, byte[] deadline,
      BatchClusters clusterOf) {
    byte[][] args = new byte[6 + alphaArgs.length + 3 * events.size()][];
    args[0] = now;
    args[1] = cutoff;
    args[2] = cap;
    args[3] = deadline;
    args[4] = RedisScript.arg(clusterOf.count());
    args[5] = RedisScript.arg(alphaArgs.length);
    int j = 6;
    for (byte[] alpha : alphaArgs) args[j++] = alpha == null ? ZERO : alpha;
    for (FeatureEvent e : events) {
      args[j++] = RedisScript.arg(e.eventId());
      args[j++] = HistoryEntryCodec.encode(e.historyEntry());
      byte[] alpha = alphaArgs[e.type().ordinal()];
      Integer cluster = alpha == null ? null : clusterOf.byItem().get(e.itemId());
      boolean moves = cluster != null && cluster != ItemClusters.UNKNOWN;
      args[j++] = moves ? RedisScript.arg(cluster) : NO_CLUSTER;
    }
    return args;
  }

  private String[] itemKeys(String itemId, List<FeatureEvent> events) {
    String[] out = new String[2 + events.size()];
    out[0] = keys.item(itemId, KeyLayout.ITEM_FEATURES);
    out[1] = keys.item(itemId, KeyLayout.ADMISSION);
    for (int i = 0; i < events.size(); i++) out[2 + i] = keys.itemEventMark(itemId, events.get(i).eventId());
    return out;
  }

  private static byte[][] itemArgs(List<FeatureEvent> events, byte[] halfLife, byte[] markDeadline, byte[] admissionDeadline) {
    byte[][] args = new byte[3 + 2 * events.size()][];
    args[0] = halfLife;
    args[1] = markDeadline;
    args[2] = admissionDeadline;
    int j = 3;
    for (FeatureEvent e : events) {
      ItemCounter c = e.counter();
      args[j++] = c == null ? NO_COUNTER : RedisScript.arg(c.ordinal());
      args[j++] = RedisScript.arg(e.timestampMillis());
    }
    return args;
  }

  /** One script call of a batch and its outcome; {@code itemId} is null for user calls. */
  private static final class Call {
    final RedisScript script;
    final String[] keys;
    final byte[][] args;
    final String itemId;
    RedisFuture<Object> future;
    Object result;

    Call(RedisScript script, String[] keys, byte[][] args, String itemId) {
      this.script = script;
      this.keys = keys;
      this.args = args;
      this.itemId = itemId;
    }
  }
}
