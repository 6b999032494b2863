package io.recsys.featurestore.store.memory;

import io.recsys.featurestore.store.CounterState;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.featurestore.store.HistoryEntry;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory backend's "server": what would be in Redis. Separate from {@link InMemoryFeatureStore}
 * so that several stores can be opened on the same data (schema checks, restarts in tests) exactly as
 * several processes open one Redis. Guarded by its own monitor: every access synchronizes on this object.
 */
public final class InMemoryData {
  FeatureSchema schema;
  final Map<String, UserState> users = new HashMap<>();
  final Map<String, ItemState> items = new HashMap<>();
  /** The item → interest-cluster assignment and its cluster count (0 = none written). */
  int clusterCount;
  final Map<String, Integer> clusterByItem = new HashMap<>();

  /** Erased users' fences: events accepted at or before the position are not applied to the user. */
  final Map<String, Fence> fences = new HashMap<>();

  record Fence(io.recsys.featurestore.store.StreamPosition position, long expiresAtMillis) {}

  /** True when anything at all is held for this user id (expired or not): used by erasure tests. */
  public synchronized boolean holdsUser(String userId) {
    return users.containsKey(userId);
  }

  /** Number of users held, expired ones included until touched. */
  public synchronized int userCount() {
    return users.size();
  }

  static final class UserState {
    final ArrayDeque<HistoryEntry> history = new ArrayDeque<>();
    float[] mixture;
    final Map<String, String> attributes = new HashMap<>();
    final Map<String, Map<String, byte[]>> groups = new HashMap<>();
    /** Ingested event ids applied to the history, in application order, with the time applied (ms). */
    final java.util.LinkedHashMap<String, Long> seenEvents = new java.util.LinkedHashMap<>();
    long expiresAtMillis = Long.MAX_VALUE;
  }

  static final class ItemState {
    boolean hasMetadata;
    String title = "";
    List<String> categories = List.of();
    int year;
    Map<String, String> attributes = Map.of();
    float[] embedding;
    CounterState counters;
    final Map<String, Map<String, byte[]>> groups = new HashMap<>();
    /** Ingested event ids applied to the counters, with the time each marker expires (ms). */
    final Map<String, Long> eventMarks = new HashMap<>();
    /**
     * When this item's state expires (ms), or 0 when it does not: ingestion keeps counters of an item
     * that is not admitted yet and has no catalogue data only until the admission window runs out.
     */
    long provisionalUntil;

    boolean expired(long nowMillis) {
      return provisionalUntil != 0 && provisionalUntil <= nowMillis;
    }

    boolean holdsFeatures() {
      return hasMetadata || embedding != null || counters != null;
    }
  }
}
