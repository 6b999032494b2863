package io.recsys.featurestore.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.KeyLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies counter updates inside Redis: a read-decay-add-write of the counter section of the item's
 * {@link ItemRecord} ({@code rs:v3:{i:<id>}:f}; {@code CounterStateCodec}'s 88-byte layout at a fixed
 * offset) must be atomic, or two workers updating one item would lose events. The arithmetic is
 * {@code CounterState.add}'s, line for line. The script keeps the record's metadata and embedding
 * sections byte for byte; an item without a record gets one with empty metadata and embedding sections,
 * and a format-1 record is written back as format 2 (its favourites and carts start at 0).
 */
final class RedisCounterScript {
  private static final RedisScript SCRIPT = new RedisScript(ItemRecord.LUA_FORMATS + """
      local rec = redis.call('GET', KEYS[1])
      local c = tonumber(ARGV[1]); local n = tonumber(ARGV[2])
      local ts = tonumber(ARGV[3]); local h = tonumber(ARGV[4])
      local v = {0, 0, 0, 0, 0, ts, 0, 0, 0, 0, 0}
      local rest = string.rep('\\0', 8) -- no metadata, no embedding: two zero int32 lengths
      if rec then
        recordCheck(KEYS[1], rec)
        if string.byte(rec, 2) ~= 0 then v = countersOf(rec) end
        rest = string.sub(rec, metaAt(rec))
      end
      local w
      if ts >= v[6] then
        local f = 2 ^ (-(ts - v[6]) / h)
        for i = 1, 5 do v[i] = v[i] * f end
        v[6] = ts; w = n
      else
        w = n * 2 ^ (-(v[6] - ts) / h)
      end
      v[c + 1] = v[c + 1] + w; v[c + 7] = v[c + 7] + n
      redis.call('SET', KEYS[1], string.char(2, 1) .. packCounters(v) .. rest)
      return 1
      """, ScriptOutputType.INTEGER);

  private RedisCounterScript() {}

  /** Applies all updates in one round trip; calls that met an empty script cache are re-sent once with the body. */
  static void apply(RedisConnection redis, KeyLayout layout, List<CounterUpdate> updates, long halfLifeMillis) {
    if (updates.isEmpty()) return;
    byte[] h = RedisScript.arg(halfLifeMillis);
    List<String> keys = new ArrayList<>(updates.size());
    List<byte[][]> args = new ArrayList<>(updates.size());
    for (CounterUpdate u : updates) {
      keys.add(layout.item(u.itemId(), KeyLayout.ITEM_FEATURES));
      args.add(new byte[][] {RedisScript.arg(u.counter().ordinal()), RedisScript.arg(u.count()),
          RedisScript.arg(u.timestampMillis()), h});
    }
    SCRIPT.runAll(redis, keys, args);
  }
}
