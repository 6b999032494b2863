package io.recsys.featurestore.store.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.SlotHash;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.AppliedEvents;
import io.recsys.featurestore.store.EntityType;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.PartiallyAppliedException;
import io.recsys.featurestore.store.HistoryEntryCodec;
import io.recsys.featurestore.store.ItemClusterCache;
import io.recsys.featurestore.store.ItemClusters;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import java.nio.charset.StandardCharsets;
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
 * <p>An error for one entity (a key of the wrong type, a malformed record) stops its call at that
 * entity: the entities before it in the call are applied whole (the script replies with their results,
 * then the error), it and the ones after are untouched, the other calls of the batch run as usual, and
 * {@link #apply} throws {@link PartiallyAppliedException} holding everything that was applied, so the
 * caller counts and announces it and then retries event by event (the markers make that safe).
 *
 * <p>The counters live in the {@code ctr} section of the item's packed record, the same one
 * {@code countItemEvents} writes and the item reads decode. Thread-safe; share one per connection.
 */
public final class RedisRealtimeFeatureWriter implements RealtimeFeatureWriter {
  private static final byte[] NO_COUNTER = RedisScript.arg(-1);
  private static final byte[] NO_CLUSTER = RedisScript.arg(ItemClusters.UNKNOWN);
  private static final byte[] ZERO = RedisScript.arg(0);
  private static final byte[] NOT_FROM_STREAM = new byte[0];
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
    String refused = null;
    for (Call c : userCalls) {
      List<?> r = (List<?>) c.result;
      for (int i = 0; i < c.entities.size(); i++) {
        if (!(r.get(3 * i) instanceof Long applied)) {
          refused = refused != null ? refused : refusal(r.get(3 * i), EntityType.USER, c.entities.get(i));
          break;
        }
        userApplied += applied.intValue();
        mixturesUpdated += ((Long) r.get(3 * i + 1)).intValue();
        mixturesReset += ((Long) r.get(3 * i + 2)).intValue();
      }
    }
    List<String> admitted = new ArrayList<>();
    int threshold = realtime.admission().threshold();
    for (Call c : itemCalls) {
      List<?> r = (List<?>) c.result;
      for (int i = 0; i < c.entities.size(); i++) {
        if (!(r.get(2 * i) instanceof Long appliedHere)) {
          refused = refused != null ? refused : refusal(r.get(2 * i), EntityType.ITEM, c.entities.get(i));
          break;
        }
        long applied = appliedHere, count = (Long) r.get(2 * i + 1);
        itemApplied += (int) applied;
        if (applied > 0 && count - applied < threshold && count >= threshold) admitted.add(c.entities.get(i));
      }
    }
    AppliedEvents result = new AppliedEvents(userApplied, itemApplied, admitted, mixturesUpdated, mixturesReset);
    if (refused != null) {
      throw new PartiallyAppliedException(result,
          new FeatureStoreException("applying ingested events failed: " + refused, new RedisCommandExecutionException(refused)));
    }
    return result;
  }

  /** The message of an entity the script refused (its reply holds the error where a count was expected). */
  private static String refusal(Object reply, EntityType type, String id) {
    String message = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    return message + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + " " + id + ")";
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
    int keysPerUser = 5 + config.schema().userGroups().size(), argCount = header.length;
    for (String u : users) argCount += 2 + 4 * byUser.get(u).size();
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
        args[j++] = e.accepted() == null ? NOT_FROM_STREAM : RedisScript.arg(e.accepted().toString());
      }
    }
    return new Call(RealtimeScripts.USER, keyList.toArray(String[]::new), args, users);
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
    return new Call(RealtimeScripts.ITEM, keyArray, args, items);
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

  /** Appends the user's keys: history, seen ids, mixture and erasure fence first (the script's per-user keys 1..4; {@link KeyLayout#userKeys}'s order), then the rest. */
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
