package io.recsys.featurestore.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.KeyLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies counter updates inside Redis: a read-decay-add-write of the counter section of the item's
 * {@link ItemRecord} ({@code rs:v3:{i:<id>}:f}; {@code CounterStateCodec}'s 56-byte layout at a fixed
 * offset) must be atomic, or two workers updating one item would lose events. The arithmetic is
 * {@code CounterState.add}'s, line for line. The script keeps the record's metadata and embedding
 * sections byte for byte; an item without a record gets one with empty metadata and embedding sections.
 */
final class RedisCounterScript {
  private static final RedisScript SCRIPT = new RedisScript("""
      local rec = redis.call('GET', KEYS[1])
      local c = tonumber(ARGV[1]); local n = tonumber(ARGV[2])
      local ts = tonumber(ARGV[3]); local h = tonumber(ARGV[4])
      local imp, clk, pur, asof, ni, nc, np = 0, 0, 0, ts, 0, 0, 0
      local rest = string.rep('\\0', 8) -- no metadata, no embedding: two zero int32 lengths
      if rec then
        if string.byte(rec, 1) ~= 1 or string.len(rec) < 66 then
          return redis.error_reply('ERR ' .. KEYS[1] .. ' is not an item record of format 1')
        end
        if string.byte(rec, 2) ~= 0 then imp, clk, pur, asof, ni, nc, np = struct.unpack('<ddddddd', rec, 3) end
        rest = string.sub(rec, 59)
      end
      local w
      if ts >= asof then
        local f = 2 ^ (-(ts - asof) / h)
        imp = imp * f; clk = clk * f; pur = pur * f; asof = ts; w = n
      else
        w = n * 2 ^ (-(asof - ts) / h)
      end
      if c == 0 then imp = imp + w; ni = ni + n
      elseif c == 1 then clk = clk + w; nc = nc + n
      else pur = pur + w; np = np + n end
      redis.call('SET', KEYS[1], string.char(1, 1) .. struct.pack('<ddddddd', imp, clk, pur, asof, ni, nc, np) .. rest)
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
