package io.recsys.featurestore.store.memory;

import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.CounterState;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.EntityType;
import io.recsys.featurestore.store.StreamPosition;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.featurestore.store.FeatureSchemaMismatchException;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.FeatureValues;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemClusters;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.UserFeatures;
import io.recsys.featurestore.store.memory.InMemoryData.ItemState;
import io.recsys.featurestore.store.memory.InMemoryData.UserState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory {@link FeatureStore}: for tests, the demo without Redis, and services' last-resort
 * snapshot. Same contract as the Redis backend, including schema checks at open, TTL expiry of idle
 * users (lazily, by the injected clock) and counter decay.
 *
 * <p>Thread-safe: every operation synchronizes on the shared {@link InMemoryData}.
 */
public final class InMemoryFeatureStore implements FeatureStore {
  private final InMemoryData data;
  private final FeatureStoreConfig config;
  private final Clock clock;

  private InMemoryFeatureStore(InMemoryData data, FeatureStoreConfig config, Clock clock) {
    this.data = data;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Opens a store on {@code data}, recording the config's schema when the data has none.
   *
   * @throws FeatureSchemaMismatchException when the data holds a different schema
   */
  public static InMemoryFeatureStore open(InMemoryData data, FeatureStoreConfig config, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    synchronized (data) {
      if (data.schema == null) {
        data.schema = config.schema();
      } else if (!data.schema.equals(config.schema())) {
        throw new FeatureSchemaMismatchException("in-memory store", config.schema(), data.schema);
      }
    }
    return new InMemoryFeatureStore(data, config, clock);
  }

  @Override
  public FeatureSchema schema() {
    return config.schema();
  }

  // ---- users

  @Override
  public void appendHistory(String userId, List<HistoryEntry> oldestFirst) {
    appendHistories(Map.of(userId, oldestFirst));
  }

  @Override
  public void appendHistories(Map<String, List<HistoryEntry>> oldestFirstByUser) {
    synchronized (data) {
      for (Map.Entry<String, List<HistoryEntry>> e : oldestFirstByUser.entrySet()) {
        UserState u = writeUser(e.getKey());
        for (HistoryEntry h : e.getValue()) u.history.addFirst(Objects.requireNonNull(h, "history entry"));
        while (u.history.size() > config.historyCap()) u.history.removeLast();
      }
    }
  }

  @Override
  public void replaceHistories(Map<String, List<HistoryEntry>> oldestFirstByUser) {
    synchronized (data) {
      for (Map.Entry<String, List<HistoryEntry>> e : oldestFirstByUser.entrySet()) {
        UserState u = writeUser(e.getKey());
        u.history.clear();
        for (HistoryEntry h : e.getValue()) u.history.addFirst(Objects.requireNonNull(h, "history entry"));
        while (u.history.size() > config.historyCap()) u.history.removeLast();
      }
    }
  }

  @Override
  public List<HistoryEntry> history(String userId, int limit) {
    requireLimit(limit);
    synchronized (data) {
      UserState u = readUser(userId);
      return u == null ? List.of() : head(u, limit);
    }
  }

  @Override
  public void putInterestMixture(String userId, float[] weights) {
    synchronized (data) {
      writeUser(userId).mixture = weights.clone();
    }
  }

  @Override
  public float[] interestMixture(String userId) {
    synchronized (data) {
      UserState u = readUser(userId);
      return u == null || u.mixture == null ? new float[0] : u.mixture.clone();
    }
  }

  @Override
  public void putUserAttributes(String userId, Map<String, String> attributes) {
    synchronized (data) {
      writeUser(userId).attributes.putAll(Map.copyOf(attributes));
    }
  }

  @Override
  public Map<String, String> userAttributes(String userId) {
    synchronized (data) {
      UserState u = readUser(userId);
      return u == null ? Map.of() : Map.copyOf(u.attributes);
    }
  }

  @Override
  public List<UserFeatures> users(List<String> userIds, int historyLimit) {
    requireLimit(historyLimit);
    List<UserFeatures> out = new ArrayList<>(userIds.size());
    synchronized (data) {
      for (String id : userIds) {
        UserState u = readUser(id);
        out.add(u == null
            ? new UserFeatures(id, List.of(), new float[0], Map.of())
            : new UserFeatures(id, head(u, historyLimit), u.mixture == null ? new float[0] : u.mixture.clone(),
                u.attributes));
      }
    }
    return out;
  }

  @Override
  public void deleteUser(String userId) {
    synchronized (data) {
      data.users.remove(requireId(EntityType.USER, userId));
      data.fences.remove(userId);
    }
  }

  @Override
  public void eraseUser(String userId, StreamPosition acceptedUpTo) {
    synchronized (data) {
      data.users.remove(requireId(EntityType.USER, userId));
      InMemoryData.Fence old = data.fences.get(userId);
      StreamPosition fence = old != null && old.position().compareTo(acceptedUpTo) > 0 ? old.position() : acceptedUpTo;
      long expires = config.userTtl().isZero() ? Long.MAX_VALUE : clock.millis() + config.userTtl().toMillis();
      data.fences.put(userId, new InMemoryData.Fence(fence, expires));
    }
  }

  // ---- items

  @Override
  public void putItems(List<Item> items) {
    synchronized (data) {
      for (Item item : items) {
        ItemState s = writeItem(item.itemId());
        s.provisionalUntil = 0; // catalogue data makes an ingestion-only item permanent
        s.hasMetadata = true;
        s.title = item.title();
        s.categories = item.categories();
        s.year = item.year();
        s.attributes = item.attributes();
      }
    }
  }

  @Override
  public void putEmbeddings(Map<String, float[]> embeddingsByItem) {
    synchronized (data) {
      embeddingsByItem.forEach((id, v) -> {
        ItemState s = writeItem(id);
        s.provisionalUntil = 0;
        s.embedding = v.clone();
      });
    }
  }

  @Override
  public void countItemEvents(List<CounterUpdate> updates) {
    double h = config.halfLifeMillis();
    synchronized (data) {
      for (CounterUpdate u : updates) {
        ItemState s = writeItem(u.itemId());
        s.provisionalUntil = 0;
        s.counters = CounterState.add(s.counters, u.counter(), u.count(), u.timestampMillis(), h);
      }
    }
  }

  @Override
  public ItemCounters itemCounters(String itemId) {
    synchronized (data) {
      ItemState s = readItem(itemId);
      return s == null || s.counters == null ? ItemCounters.NONE : s.counters.at(clock.millis(), config.halfLifeMillis());
    }
  }

  @Override
  public List<ItemFeatures> items(List<String> itemIds) {
    List<ItemFeatures> out = new ArrayList<>(itemIds.size());
    long now = clock.millis();
    synchronized (data) {
      for (String id : itemIds) {
        ItemState s = readItem(id);
        if (s == null || !s.holdsFeatures()) {
          out.add(ItemFeatures.absent(id));
          continue;
        }
        out.add(new ItemFeatures(id, true, s.title, s.categories, s.year, s.attributes,
            s.embedding == null ? new float[0] : s.embedding.clone(),
            s.counters == null ? ItemCounters.NONE : s.counters.at(now, config.halfLifeMillis())));
      }
    }
    return out;
  }

  @Override
  public void putItemClusters(int clusterCount, Map<String, Integer> clusterByItem) {
    ItemClusters.requireValid(clusterCount, clusterByItem);
    synchronized (data) {
      if (data.clusterCount != clusterCount) {
        data.clusterByItem.clear();
        data.clusterCount = clusterCount;
      }
      data.clusterByItem.putAll(clusterByItem);
    }
  }

  @Override
  public ItemClusters itemClusters(List<String> itemIds) {
    int[] out = new int[itemIds.size()];
    synchronized (data) {
      for (int i = 0; i < out.length; i++) {
        out[i] = data.clusterByItem.getOrDefault(requireId(EntityType.ITEM, itemIds.get(i)), ItemClusters.UNKNOWN);
      }
      return new ItemClusters(data.clusterCount, out);
    }
  }

  @Override
  public void deleteItem(String itemId) {
    synchronized (data) {
      data.items.remove(requireId(EntityType.ITEM, itemId));
      data.clusterByItem.remove(itemId);
    }
  }

  // ---- groups

  @Override
  public void putFeatures(EntityType type, String id, String group, FeatureValues values) {
    config.schema().requireGroup(type, group);
    synchronized (data) {
      Map<String, Map<String, byte[]>> groups = type == EntityType.USER ? writeUser(id).groups : writeItem(id).groups;
      groups.computeIfAbsent(group, g -> new HashMap<>()).putAll(values.toMap());
    }
  }

  @Override
  public List<FeatureValues> features(EntityType type, List<String> ids, String group) {
    config.schema().requireGroup(type, group);
    List<FeatureValues> out = new ArrayList<>(ids.size());
    synchronized (data) {
      for (String id : ids) {
        Map<String, Map<String, byte[]>> groups;
        if (type == EntityType.USER) {
          UserState u = readUser(id);
          groups = u == null ? null : u.groups;
        } else {
          ItemState s = readItem(id);
          groups = s == null ? null : s.groups;
        }
        Map<String, byte[]> values = groups == null ? null : groups.get(group);
        out.add(values == null ? FeatureValues.EMPTY : FeatureValues.of(values));
      }
    }
    return out;
  }

  @Override
  public void close() {
    // nothing to release
  }

  // ---- internals (callers hold the data monitor)

  /** The user's live state, dropping it first when it has expired by the clock. */
  private UserState readUser(String userId) {
    UserState u = data.users.get(requireId(EntityType.USER, userId));
    if (u != null && clock.millis() >= u.expiresAtMillis) {
      data.users.remove(userId);
      return null;
    }
    return u;
  }

  /** The user's state for writing, with its TTL re-applied from now (every write refreshes all of it). */
  private UserState writeUser(String userId) {
    UserState u = readUser(userId);
    if (u == null) {
      u = new UserState();
      data.users.put(userId, u);
    }
    u.expiresAtMillis = config.userTtl().isZero() ? Long.MAX_VALUE : clock.millis() + config.userTtl().toMillis();
    return u;
  }

  private ItemState writeItem(String itemId) {
    readItem(itemId); // drops an expired provisional state first
    return data.items.computeIfAbsent(itemId, id -> new ItemState());
  }

  /** The item's state, or null; a provisional state past its deadline is dropped (as Redis expires it). */
  private ItemState readItem(String itemId) {
    ItemState s = data.items.get(requireId(EntityType.ITEM, itemId));
    if (s != null && s.expired(clock.millis())) {
      data.items.remove(itemId);
      return null;
    }
    return s;
  }

  private static List<HistoryEntry> head(UserState u, int limit) {
    List<HistoryEntry> out = new ArrayList<>(Math.min(limit, u.history.size()));
    Iterator<HistoryEntry> it = u.history.iterator();
    while (it.hasNext() && out.size() < limit) out.add(it.next());
    return out;
  }

  private static String requireId(EntityType type, String id) {
    Objects.requireNonNull(id, () -> type + " id");
    if (id.isEmpty()) throw new IllegalArgumentException(type + " id is empty");
    return id;
  }

  private static void requireLimit(int limit) {
    if (limit < 0) throw new IllegalArgumentException("history limit must be >= 0: " + limit);
  }
}
