package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.KeyLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies counter updates inside Redis: a read-decay-add-write of the packed counter field
 * ({@code CounterStateCodec}'s layout) must be atomic, or two workers updating one item would lose
 * events. The arithmetic is {@code CounterState.add}'s, line for line.
 */
final class RedisCounterScript {
  private static final RedisScript SCRIPT = new RedisScript("""
      local packed = redis.call('HGET', KEYS[1], ARGV[5])
      local c = tonumber(ARGV[1]); local n = tonumber(ARGV[2])
      local ts = tonumber(ARGV[3]); local h = tonumber(ARGV[4])
      local imp, clk, pur, asof, ni, nc, np = 0, 0, 0, ts, 0, 0, 0
      if packed then imp, clk, pur, asof, ni, nc, np = struct.unpack('<ddddddd', packed) end
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
      redis.call('HSET', KEYS[1], ARGV[5], struct.pack('<ddddddd', imp, clk, pur, asof, ni, nc, np))
      return 1
      """, ScriptOutputType.INTEGER);
  private static final byte[] FIELD = RedisScript.arg(KeyLayout.COUNTERS);

  private RedisCounterScript() {}

  /** Applies all updates in one round trip; calls that met an empty script cache are re-sent once with the body. */
  static void apply(RedisConnection redis, KeyLayout layout, List<CounterUpdate> updates, long halfLifeMillis) {
    if (updates.isEmpty()) return;
    byte[] h = RedisScript.arg(halfLifeMillis);
    List<RedisFuture<Long>> futures = new ArrayList<>(updates.size());
    for (CounterUpdate u : updates) {
      futures.add(SCRIPT.evalsha(redis.commands(), keys(layout, u), args(u, h)));
    }
    redis.flush();
    List<Integer> retry = new ArrayList<>();
    RuntimeException failure = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        redis.await(futures.get(i));
      } catch (RuntimeException e) {
        if (RedisScript.isNoScript(e)) retry.add(i);
        else if (failure == null) failure = e;
      }
    }
    if (failure != null) throw failure;
    if (retry.isEmpty()) return;
    List<RedisFuture<Long>> again = new ArrayList<>(retry.size());
    for (int i : retry) {
      CounterUpdate u = updates.get(i);
      again.add(SCRIPT.eval(redis.commands(), keys(layout, u), args(u, h)));
    }
    redis.flush();
    redis.awaitAll(again);
  }

  private static String[] keys(KeyLayout layout, CounterUpdate u) {
    return new String[] {layout.item(u.itemId(), KeyLayout.ITEM_FEATURES)};
  }

  private static byte[][] args(CounterUpdate u, byte[] halfLife) {
    return new byte[][] {RedisScript.arg(u.counter().ordinal()), RedisScript.arg(u.count()),
        RedisScript.arg(u.timestampMillis()), halfLife, FIELD};
  }
}
