package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.store.AppliedEvents;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntryCodec;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Redis {@link RealtimeFeatureWriter}: per batch, one script call per distinct user and one per
 * distinct item, all pipelined in one round trip. Each script touches only its entity's keys (one hash
 * tag, so one Redis Cluster slot) and applies the entity's side of its events atomically with the
 * de-duplication markers:
 *
 * <ul>
 *   <li>user: event ids not yet in {@code {u:id}:seen} (a sorted set, score = when applied; entries
 *       older than the window are pruned first) are pushed to the history ({@code LPUSH}/{@code LTRIM}), added to
 *       the set, and all the user's keys get the TTL ({@code PEXPIREAT}). The id set is one of the user's keys, so erasure
 *       ({@code deleteUser}) removes it and it expires with the user.
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
  private static final RedisScript USER_SCRIPT = new RedisScript("""
      redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
      local cap = tonumber(ARGV[3]); local deadline = tonumber(ARGV[4])
      local ids, entries, seen = {}, {}, {}
      for i = 5, #ARGV, 2 do
        if not seen[ARGV[i]] and not redis.call('ZSCORE', KEYS[2], ARGV[i]) then
          seen[ARGV[i]] = true
          ids[#ids + 1] = ARGV[i]; entries[#entries + 1] = ARGV[i + 1]
        end
      end
      if #ids == 0 then return 0 end
      redis.call('LPUSH', KEYS[1], unpack(entries))
      redis.call('LTRIM', KEYS[1], 0, cap - 1)
      for i = 1, #ids do redis.call('ZADD', KEYS[2], ARGV[1], ids[i]) end
      if deadline >= 0 then
        for k = 1, #KEYS do redis.call('PEXPIREAT', KEYS[k], deadline) end
      end
      return #ids
      """, ScriptOutputType.INTEGER);

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

  private final RedisConnection redis;
  private final FeatureStoreConfig config;
  private final RealtimeConfig realtime;
  private final KeyLayout keys;
  private final Clock clock;

  public RedisRealtimeFeatureWriter(RedisConnection redis, FeatureStoreConfig config, RealtimeConfig realtime, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.config = Objects.requireNonNull(config, "config");
    this.realtime = Objects.requireNonNull(realtime, "realtime");
    this.keys = config.keyLayout();
    this.clock = Objects.requireNonNull(clock, "clock");
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
    byte[] nowArg = RedisScript.arg(now);
    byte[] cutoff = RedisScript.arg("(" + (now - realtime.dedupWindow().toMillis()));
    byte[] cap = RedisScript.arg(config.historyCap());
    byte[] deadline = RedisScript.arg(config.userTtl().isZero() ? -1 : now + config.userTtl().toMillis());
    for (Map.Entry<String, List<FeatureEvent>> u : byUser.entrySet()) {
      calls.add(new Call(USER_SCRIPT, userKeys(u.getKey()), userArgs(u.getValue(), nowArg, cutoff, cap, deadline), null));
    }
    byte[] halfLife = RedisScript.arg(config.counterHalfLife().toMillis());
    byte[] markDeadline = RedisScript.arg(now + realtime.dedupWindow().toMillis());
    byte[] admissionDeadline = RedisScript.arg(now + realtime.admission().window().toMillis());
    for (Map.Entry<String, List<FeatureEvent>> i : byItem.entrySet()) {
      calls.add(new Call(ITEM_SCRIPT, itemKeys(i.getKey(), i.getValue()),
          itemArgs(i.getValue(), halfLife, markDeadline, admissionDeadline), i.getKey()));
    }
    runAll(calls);

    int userApplied = 0, itemApplied = 0;
    List<String> admitted = new ArrayList<>();
    int threshold = realtime.admission().threshold();
    for (Call c : calls) {
      if (c.itemId == null) {
        userApplied += ((Long) c.result).intValue();
        continue;
      }
      List<?> r = (List<?>) c.result;
      long applied = (Long) r.get(0), count = (Long) r.get(1);
      itemApplied += (int) applied;
      if (applied > 0 && count - applied < threshold && count >= threshold) admitted.add(c.itemId);
    }
    return new AppliedEvents(userApplied, itemApplied, admitted);
  }

  /** Sends every call in one round trip; calls that met an empty script cache are re-sent once with the body. */
  private void runAll(List<Call> calls) {
    for (Call c : calls) c.future = c.script.evalsha(redis.commands(), c.keys, c.args);
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

  private String[] userKeys(String userId) {
    List<String> all = keys.userKeys(userId, config.schema());
    String hist = keys.user(userId, KeyLayout.HISTORY);
    String seen = keys.user(userId, KeyLayout.SEEN_EVENTS);
    String[] out = new String[all.size()];
    out[0] = hist;
    out[1] = seen;
    int n = 2;
    for (String k : all) if (!k.equals(hist) && !k.equals(seen)) out[n++] = k;
    return out;
  }

  private static byte[][] userArgs(List<FeatureEvent> events, byte[] now, byte[] cutoff, byte[] cap, byte[] deadline) {
    byte[][] args = new byte[4 + 2 * events.size()][];
    args[0] = now;
    args[1] = cutoff;
    args[2] = cap;
    args[3] = deadline;
    int j = 4;
    for (FeatureEvent e : events) {
      args[j++] = RedisScript.arg(e.eventId());
      args[j++] = HistoryEntryCodec.encode(e.historyEntry());
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
