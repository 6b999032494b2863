package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.recsys.featurestore.dataset.InteractionType;
import io.recsys.featurestore.store.AppliedEvents;
import io.recsys.featurestore.store.EntityType;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Redis {@link RealtimeFeatureWriter}: per batch, the distinct users and the distinct items are
 * applied by script calls of up to {@link RealtimeConfig#entitiesPerCall()} entities each, all
 * pipelined: one round trip, plus one that overlaps the item scripts when the cluster cache lacks some
 * of the batch's items. On Redis Cluster a call only carries entities whose hash tags share a slot.
 * Within a call each entity's side of its events is applied atomically with its de-duplication markers,
 * and touches only that entity's keys:
 *
 * <ul>
 *   <li>user: event ids not yet in {@code {u:id}:seen} (a sorted set, score = when applied) are pushed
 *       to the history ({@code LPUSH}/{@code LTRIM}), added to the set, and move the interest mixture
 *       {@code {u:id}:mix} toward their item's cluster (positive types on items with a known cluster;
 *       {@link io.recsys.featurestore.store.InterestMixtureRule}). Once per {@link #tidyInterval} the
 *       user is tidied: ids older than the window are pruned and every user key gets the TTL again
 *       ({@code PEXPIREAT}); the time of the last tidy-up is the score of the member {@code ""} of the
 *       id set (event ids are never blank). The clusters come from the writer's {@link ItemClusterCache}
 *       and go in as script arguments, so the script stays in the user's slot. The id set is one of the
 *       user's keys, so erasure ({@code deleteUser}) removes it and it expires with the user.
 *   <li>item: for event ids whose marker key {@code {i:id}:ev:<eventId>} could be created
 *       ({@code SET NX PXAT now+window}, check and mark in one command): the decayed-counter update
 *       ({@code CounterState.add}'s arithmetic, as in {@link RedisCounterScript}) and {@code INCRBY} of
 *       the admission count with the admission window's {@code PEXPIREAT}; should the count fail, the new
 *       markers are deleted again. Markers expire by themselves (deadlines from the injected clock, as
 *       every TTL here); {@code deleteItem} leaves them to expire.
 * </ul>
 *
 * <p>An error reply (a key of the wrong type, a malformed record) stops its call at the failing entity:
 * the entities before it in the call are applied whole, it and the ones after are untouched, and
 * {@link #apply} throws, so the caller retries event by event (the markers make that safe).
 *
 * <p>The counters live in the {@code ctr} section of the item's packed record, the same one
 * {@code countItemEvents} writes and the item reads decode. Thread-safe; share one per connection.
 */
public final class RedisRealtimeFeatureWriter implements RealtimeFeatureWriter {
  // Redis does not roll a script back when a command in it fails, so for each entity the scripts do
  // every check and every command that can fail (a key of the wrong type) before the entity's first
  // write (the user script writes its id set last; the item script undoes its markers if its count
  // fails): a failed call leaves no entity half-applied.
  //
  // The user script also refreshes the interest mixture (InterestMixtureRule, repeated here in Lua).
  // ARGV: 1 now, 2 the prune cutoff, 3 the history cap, 4 the TTL deadline (-1: none), 5 the cluster
  // count K, 6 the tidy-up threshold (tidy when the last tidy-up is at or before it), 7 the number T of
  // interaction types, 8..7+T the α of each type by ordinal; then per user: its key count, its event
  // count n, and n triples (event id, history entry, the item's cluster index: -1 unknown, or a type
  // that does not move it). α is picked by the type byte of the history entry (offset 8). KEYS per
  // user: history, id set, mixture, then the user's other keys. Only events not seen before move the
  // weights, so a redelivery never applies them twice. The stored vector is read (GET, which fails on
  // a wrong type) and checked before the user's first write; one that does not fit (length ≠ 4·K, a
  // negative or non-finite component, sum 0) is started again from uniform and reported as a reset.
  // Between tidy-ups, writes that may create a key give it the deadline themselves (SET ... PXAT; the
  // history when LPUSH made it), so no key is ever left without a TTL.
  private static final RedisScript USER_SCRIPT = new RedisScript("""
      local now, cutoff, cap, deadline, K = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
      local due = tonumber(ARGV[6])
      local alpha0 = 8
      local a, kk, out = alpha0 + tonumber(ARGV[7]), 1, {}
      while a <= #ARGV do
        local nk, ne = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
        local hist, seenKey, mixKey = KEYS[kk], KEYS[kk + 1], KEYS[kk + 2]
        local last = a + 1 + 3 * ne
        local ask = {''}
        for i = a + 2, last, 3 do ask[#ask + 1] = ARGV[i] end
        local known = redis.call('ZMSCORE', seenKey, unpack(ask))
        local tidy = not (known[1] and tonumber(known[1]) > due)
        if tidy then
          redis.call('ZREMRANGEBYSCORE', seenKey, '-inf', cutoff)
          known = redis.call('ZMSCORE', seenKey, unpack(ask))
        end
        local ids, entries, seen, moves = {}, {}, {}, {}
        for i = a + 2, last, 3 do
          if not seen[ARGV[i]] and not known[2 + (i - a - 2) / 3] then
            seen[ARGV[i]] = true
            ids[#ids + 1] = ARGV[i]; entries[#entries + 1] = ARGV[i + 1]
            local c = tonumber(ARGV[i + 2])
            if c >= 0 then
              if c >= K then return redis.error_reply('ERR cluster ' .. c .. ' outside [0, ' .. K .. ')') end
              moves[#moves + 1] = c + 1; moves[#moves + 1] = tonumber(ARGV[alpha0 + string.byte(ARGV[i + 1], 9)])
            end
          end
        end
        local reset = 0
        if #ids > 0 then
          local mix = nil
          if #moves > 0 then
            local raw = redis.call('GET', mixKey)
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
              local c, al = moves[m], moves[m + 1]
              for j = 1, K do w[j] = (1 - al) * w[j] end
              w[c] = w[c] + al
            end
            local s = 0
            for j = 1, K do s = s + w[j] end
            local parts = {}
            for j = 1, K do parts[j] = struct.pack('<f', w[j] / s) end
            mix = table.concat(parts)
          end
          local len = redis.call('LPUSH', hist, unpack(entries))
          if len > cap then redis.call('LTRIM', hist, 0, cap - 1) end
          if not tidy and deadline >= 0 and len == #entries then redis.call('PEXPIREAT', hist, deadline) end
          if mix then
            if deadline >= 0 then redis.call('SET', mixKey, mix, 'PXAT', deadline) else redis.call('SET', mixKey, mix) end
          end
          local z = {}
          for i = 1, #ids do z[2 * i - 1] = now; z[2 * i] = ids[i] end
          if tidy then z[#z + 1] = now; z[#z + 1] = '' end
          redis.call('ZADD', seenKey, unpack(z))
          if tidy and deadline >= 0 then
            for k = kk, kk + nk - 1 do redis.call('PEXPIREAT', KEYS[k], deadline) end
          end
        end
        out[#out + 1] = #ids; out[#out + 1] = #moves / 2; out[#out + 1] = reset
        kk = kk + nk; a = last + 1
      end
      return out
      """, ScriptOutputType.MULTI);

  // The counters live in the 56-byte counter section of the item's packed ItemRecord (format 1, at
  // byte 3 in Lua's 1-based indexing), whose decay arithmetic (RedisCounterScript's) this repeats per
  // event. Only the header and counters are read (GETRANGE 0..65) and only the flag and counters are
  // written (SETRANGE at 1): the metadata and embedding, hundreds of bytes for a catalogue item, are
  // neither copied through Lua nor written to the append-only file on every event.
  // The event markers are checked and written in one command each (SET NX PXAT: set means the event is
  // new), before the counters; the one later command that can fail (INCRBY on a count that is not an
  // integer) runs under pcall, and on failure the markers just set are deleted again, so an item is
  // never left with markers for events its counters do not hold.
  // Monolith's hygiene for ids seen only in events: a record the script creates for an item that is not
  // admitted yet is provisional (flags = 3, no metadata, no embedding) and expires with the admission
  // window (PXAT, extended by each event, like the admission count); when the item is admitted the
  // record becomes permanent (PERSIST, flags = 1). Catalogue writes (putItems, putEmbeddings) and bulk
  // counters SET the whole record, which makes it permanent too. So an id that never gathers
  // `threshold` events leaves nothing behind.
  // ARGV[1..4]: the half-life, the marker deadline, the admission deadline, the admission threshold;
  // then per item its event count n and n (counter, timestamp) pairs; KEYS per item: features,
  // admission count, then the n event markers.
  private static final RedisScript ITEM_SCRIPT = new RedisScript("""
      local h, threshold = tonumber(ARGV[1]), tonumber(ARGV[4])
      local a, kk, out = 5, 1, {}
      while a <= #ARGV do
        local ne = tonumber(ARGV[a])
        local rec = redis.call('GETRANGE', KEYS[kk], 0, 65)
        local hasCounters, provisional = false, false
        if rec ~= '' then
          if string.byte(rec, 1) ~= 1 or string.len(rec) < 66 then
            return redis.error_reply('ERR ' .. KEYS[kk] .. ' is not an item record of format 1')
          end
          local flags = string.byte(rec, 2)
          hasCounters = flags ~= 0
          provisional = flags == 3 and struct.unpack('<i4', rec, 59) == 0 and struct.unpack('<i4', rec, 63) == 0
        end
        local fresh = {}
        for k = kk + 2, kk + 1 + ne do
          if redis.call('SET', KEYS[k], '1', 'NX', 'PXAT', ARGV[2]) then fresh[#fresh + 1] = k end
        end
        if #fresh == 0 then
          out[#out + 1] = 0; out[#out + 1] = 0
        else
          local imp, clk, pur, asof, ni, nc, np
          local changed = false
          for _, k in ipairs(fresh) do
            local j = a + 1 + (k - kk - 2) * 2
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
          local adm = redis.pcall('INCRBY', KEYS[kk + 1], #fresh)
          if type(adm) == 'table' and adm.err then
            for _, k in ipairs(fresh) do redis.call('DEL', KEYS[k]) end
            return adm
          end
          redis.call('PEXPIREAT', KEYS[kk + 1], ARGV[3])
          local admitted = adm >= threshold
          if changed then
            local counters = struct.pack('<ddddddd', imp, clk, pur, asof, ni, nc, np)
            if rec == '' and admitted then
              redis.call('SET', KEYS[kk], string.char(1, 1) .. counters .. string.rep('\\0', 8))
            elseif rec == '' then
              redis.call('SET', KEYS[kk], string.char(1, 3) .. counters .. string.rep('\\0', 8), 'PXAT', ARGV[3])
            else
              redis.call('SETRANGE', KEYS[kk], 1, string.char((provisional and not admitted) and 3 or 1) .. counters)
            end
          elseif provisional and admitted then
            redis.call('SETRANGE', KEYS[kk], 1, string.char(1))
          end
          if provisional then
            if admitted then redis.call('PERSIST', KEYS[kk]) else redis.call('PEXPIREAT', KEYS[kk], ARGV[3]) end
          end
          out[#out + 1] = #fresh; out[#out + 1] = adm
        end
        kk = kk + 2 + ne; a = a + 1 + 2 * ne
      end
      return out
      """, ScriptOutputType.MULTI);
  private static final byte[] NO_COUNTER = RedisScript.arg(-1);
  private static final byte[] NO_CLUSTER = RedisScript.arg(ItemClusters.UNKNOWN);
  private static final byte[] ZERO = RedisScript.arg(0);
  static final int TIDY_FRACTION = 100;

  private final RedisConnection redis;
  private final FeatureStoreConfig config;
  private final RealtimeConfig realtime;
  private final KeyLayout keys;
  private final Clock clock;
  private final ItemClusterCache clusters;
  /** How often a user's state is tidied (TTL re-applied, old event ids pruned), in ms; see {@link #tidyInterval}. */
  private final long tidyInterval;
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
    this.tidyInterval = tidyInterval(config, realtime).toMillis();
    for (InteractionType t : InteractionType.values()) {
      double a = realtime.mixture().alpha(t);
      if (a > 0) alphaArgs[t.ordinal()] = RedisScript.arg(Double.toString(a));
    }
  }

  /**
   * How long after tidying a user's state the writer tidies it again: the smaller of the
   * de-duplication window and 1/{@value #TIDY_FRACTION} of the user TTL. Re-applying the TTL to every
   * user key and pruning the event-id set on every event cost a quarter of Redis's time under load
   * (five commands per user and call, each also written to the AOF); between two tidy-ups a user's
   * keys keep the deadline they got (writes that create a key give it the deadline at once). So idle
   * state expires between {@code userTtl - tidyInterval} and {@code userTtl} after the user's last
   * event, and the id set holds at most window + interval of ids.
   */
  public static Duration tidyInterval(FeatureStoreConfig config, RealtimeConfig realtime) {
    Duration byTtl = config.userTtl().dividedBy(TIDY_FRACTION);
    return config.userTtl().isZero() || realtime.dedupWindow().compareTo(byTtl) < 0 ? realtime.dedupWindow() : byTtl;
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
    byte[][] itemHeader = {RedisScript.arg(config.counterHalfLife().toMillis()),
        RedisScript.arg(now + realtime.dedupWindow().toMillis()),
        RedisScript.arg(now + realtime.admission().window().toMillis()),
        RedisScript.arg(realtime.admission().threshold())};
    List<Call> itemCalls = new ArrayList<>();
    for (List<String> chunk : chunks(byItem.keySet(), EntityType.ITEM)) itemCalls.add(itemCall(chunk, byItem, itemHeader));
    // The item side does not depend on clusters: queue it first, so that a cluster read for items the
    // cache lacks travels in the same flush and its round trip overlaps the item scripts' execution
    // (measured: a separate synchronous read before all scripts cost ~20% of applied events/s).
    send(itemCalls);
    BatchClusters clusterOf = clustersOf(events);
    byte[][] userHeader = new byte[7 + alphaArgs.length][];
    userHeader[0] = RedisScript.arg(now);
    userHeader[1] = RedisScript.arg("(" + (now - realtime.dedupWindow().toMillis()));
    userHeader[2] = RedisScript.arg(config.historyCap());
    userHeader[3] = RedisScript.arg(config.userTtl().isZero() ? -1 : now + config.userTtl().toMillis());
    userHeader[4] = RedisScript.arg(clusterOf.count());
    userHeader[5] = RedisScript.arg(now - tidyInterval);
    userHeader[6] = RedisScript.arg(alphaArgs.length);
    for (int t = 0; t < alphaArgs.length; t++) userHeader[7 + t] = alphaArgs[t] == null ? ZERO : alphaArgs[t];
    List<Call> userCalls = new ArrayList<>();
    for (List<String> chunk : chunks(byUser.keySet(), EntityType.USER)) userCalls.add(userCall(chunk, byUser, userHeader, clusterOf));
    send(userCalls);
    List<Call> calls = new ArrayList<>(itemCalls);
    calls.addAll(userCalls);
    collect(calls);

    int userApplied = 0, itemApplied = 0, mixturesUpdated = 0, mixturesReset = 0;
    for (Call c : userCalls) {
      List<?> r = (List<?>) c.result;
      for (int i = 0; i < c.entities.size(); i++) {
        userApplied += ((Long) r.get(3 * i)).intValue();
        mixturesUpdated += ((Long) r.get(3 * i + 1)).intValue();
        mixturesReset += ((Long) r.get(3 * i + 2)).intValue();
      }
    }
    List<String> admitted = new ArrayList<>();
    int threshold = realtime.admission().threshold();
    for (Call c : itemCalls) {
      List<?> r = (List<?>) c.result;
      for (int i = 0; i < c.entities.size(); i++) {
        long applied = (Long) r.get(2 * i), count = (Long) r.get(2 * i + 1);
        itemApplied += (int) applied;
        if (applied > 0 && count - applied < threshold && count >= threshold) admitted.add(c.entities.get(i));
      }
    }
    return new AppliedEvents(userApplied, itemApplied, admitted, mixturesUpdated, mixturesReset);
  }

  /**
   * The batch's users or items in groups of at most {@code entitiesPerCall}, each group one script
   * call. On Redis Cluster a call's keys must share a slot, so entities are first grouped by the slot
   * of their hash tag (one call per slot-group; 1000 events rarely share slots, so there a call usually
   * carries one entity); a single Redis takes any mix.
   */
  private List<List<String>> chunks(Collection<String> ids, EntityType type) {
    int max = realtime.entitiesPerCall();
    List<List<String>> out = new ArrayList<>();
    if (!redis.isCluster()) {
      List<String> chunk = new ArrayList<>(Math.min(max, ids.size()));
      for (String id : ids) {
        if (chunk.size() == max) {
          out.add(chunk);
          chunk = new ArrayList<>(max);
        }
        chunk.add(id);
      }
      if (!chunk.isEmpty()) out.add(chunk);
      return out;
    }
    Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
    for (String id : ids) {
      int slot = SlotHash.getSlot(KeyLayout.hashTag(type, id));
      List<String> chunk = bySlot.computeIfAbsent(slot, k -> new ArrayList<>(1));
      if (chunk.size() == max) {
        out.add(chunk);
        chunk = new ArrayList<>(1);
        bySlot.put(slot, chunk);
      }
      chunk.add(id);
    }
    out.addAll(bySlot.values());
    return out;
  }

  private Call userCall(List<String> users, Map<String, List<FeatureEvent>> byUser, byte[][] header, BatchClusters clusterOf) {
    int keysPerUser = 4 + config.schema().userGroups().size(), argCount = header.length;
    for (String u : users) argCount += 2 + 3 * byUser.get(u).size();
    List<String> keyList = new ArrayList<>(users.size() * keysPerUser);
    byte[][] args = new byte[argCount][];
    System.arraycopy(header, 0, args, 0, header.length);
    int j = header.length;
    for (String u : users) {
      List<FeatureEvent> events = byUser.get(u);
      int before = keyList.size();
      addUserKeys(u, keyList);
      args[j++] = RedisScript.arg(keyList.size() - before);
      args[j++] = RedisScript.arg(events.size());
      for (FeatureEvent e : events) {
        args[j++] = RedisScript.arg(e.eventId());
        args[j++] = HistoryEntryCodec.encode(e.historyEntry());
        byte[] alpha = alphaArgs[e.type().ordinal()];
        Integer cluster = alpha == null ? null : clusterOf.byItem().get(e.itemId());
        boolean moves = cluster != null && cluster != ItemClusters.UNKNOWN;
        args[j++] = moves ? RedisScript.arg(cluster) : NO_CLUSTER;
      }
    }
    return new Call(USER_SCRIPT, keyList.toArray(String[]::new), args, users);
  }

  private Call itemCall(List<String> items, Map<String, List<FeatureEvent>> byItem, byte[][] header) {
    int keyCount = 0, argCount = header.length;
    for (String itemId : items) {
      int n = byItem.get(itemId).size();
      keyCount += 2 + n;
      argCount += 1 + 2 * n;
    }
    String[] keyArray = new String[keyCount];
    byte[][] args = new byte[argCount][];
    System.arraycopy(header, 0, args, 0, header.length);
    int k = 0, j = header.length;
    for (String itemId : items) {
      List<FeatureEvent> events = byItem.get(itemId);
      keyArray[k++] = keys.item(itemId, KeyLayout.ITEM_FEATURES);
      keyArray[k++] = keys.item(itemId, KeyLayout.ADMISSION);
      args[j++] = RedisScript.arg(events.size());
      for (FeatureEvent e : events) {
        keyArray[k++] = keys.itemEventMark(itemId, e.eventId());
        ItemCounter c = e.counter();
        args[j++] = c == null ? NO_COUNTER : RedisScript.arg(c.ordinal());
        args[j++] = RedisScript.arg(e.timestampMillis());
      }
    }
    return new Call(ITEM_SCRIPT, keyArray, args, items);
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

  /** Appends the user's keys: history, seen ids and mixture first (the script's per-user keys 1..3; {@link KeyLayout#userKeys}'s order), then the rest. */
  private void addUserKeys(String userId, List<String> out) {
    out.addAll(keys.userKeys(userId, config.schema()));
  }

  /** One script call of a batch (the users or items it carries, in order) and its outcome. */
  private static final class Call {
    final RedisScript script;
    final String[] keys;
    final byte[][] args;
    final List<String> entities;
    RedisFuture<Object> future;
    Object result;

    Call(RedisScript script, String[] keys, byte[][] args, List<String> entities) {
      this.script = script;
      this.keys = keys;
      this.args = args;
      this.entities = entities;
    }
  }
}
