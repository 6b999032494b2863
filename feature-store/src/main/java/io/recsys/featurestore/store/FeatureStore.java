package io.recsys.featurestore.store;

import io.recsys.core.dataset.Item;
import java.util.List;
import java.util.Map;

/**
 * Read/write access to the platform's features: per user a capped recent history, interest-mixture
 * weights and attributes; per item metadata, an embedding and decayed counters; per entity any
 * declared generic feature group. Two implementations share one contract (tested by the same suite):
 * {@code RedisFeatureStore} (Lettuce, one pipelined round trip per batch call) and
 * {@code InMemoryFeatureStore}.
 *
 * <p>Time comes from the {@link java.time.Clock} the store was opened with: counters are decayed to the
 * clock's now, and idle user state expires {@link FeatureStoreConfig#userTtl()} after its last write by
 * that clock. Every user write re-applies the TTL to all of the user's state, so a user expires only as
 * a whole.
 *
 * <p>Batch reads return one result per requested id, in request order (duplicates allowed). Ids are the
 * dataset's own strings. Implementations are thread-safe. Backend failures (unreachable, timeout)
 * surface as {@link FeatureStoreException}.
 */
public interface FeatureStore extends AutoCloseable {

  /** The schema this store was opened with (and verified against the backend). */
  FeatureSchema schema();

  // ---- users

  /**
   * Pushes entries to the head of the user's history, oldest first (so the last one becomes the newest),
   * and trims the history to the configured cap.
   */
  void appendHistory(String userId, List<HistoryEntry> oldestFirst);

  /** {@link #appendHistory} for many users in one round trip (ingestion batches). */
  void appendHistories(Map<String, List<HistoryEntry>> oldestFirstByUser);

  /**
   * Sets each user's history to exactly {@code oldestFirst} (its newest cap entries), atomically per
   * user, in one round trip: what a bulk load writes, so that loading a dataset twice leaves the
   * history it loaded once. An empty list removes the history.
   */
  void replaceHistories(Map<String, List<HistoryEntry>> oldestFirstByUser);

  /** The user's newest {@code limit} history entries, newest first. */
  List<HistoryEntry> history(String userId, int limit);

  /** Replaces the user's interest-mixture weights (index = interest cluster). */
  void putInterestMixture(String userId, float[] weights);

  /** {@link #putInterestMixture} for many users in one round trip (the offline bulk load). */
  default void putInterestMixtures(Map<String, float[]> weightsByUser) {
    weightsByUser.forEach(this::putInterestMixture);
  }

  /** The user's interest-mixture weights, or an empty array when none were written. */
  float[] interestMixture(String userId);

  /** Sets the given attributes, keeping the user's other attributes. */
  void putUserAttributes(String userId, Map<String, String> attributes);

  Map<String, String> userAttributes(String userId);

  default UserFeatures user(String userId, int historyLimit) {
    return users(List.of(userId), historyLimit).getFirst();
  }

  /** Every user's history (newest {@code historyLimit}), mixture and attributes in one round trip. */
  List<UserFeatures> users(List<String> userIds, int historyLimit);

  /** Erasure: removes every key of this user (history, mixture, attributes, all user feature groups). */
  void deleteUser(String userId);

  /**
   * Erasure that holds against events already accepted: removes every key of this user, as
   * {@link #deleteUser}, and fences the user off from every event accepted at or before
   * {@code acceptedUpTo} (the event stream's last entry when the erasure was asked for), so that a
   * worker applying such an event later — it was in flight, pending, or redelivered — leaves the
   * user's features alone. Events accepted after it are a new user's. The fence is one small key per
   * erased user ({@code …:erased}, the position only) and expires with the user TTL, as any state of
   * the user would have; the fence of a later erasure replaces an earlier one.
   */
  void eraseUser(String userId, StreamPosition acceptedUpTo);

  // ---- items

  /** Writes items' metadata (title, categories, year, attributes), replacing earlier metadata; one round trip. */
  void putItems(List<Item> items);

  /** Writes item embeddings, replacing earlier ones; one round trip. */
  void putEmbeddings(Map<String, float[]> embeddingsByItem);

  /** Adds events to items' decayed counters and raw counts; one round trip. */
  void countItemEvents(List<CounterUpdate> updates);

  /** The item's counters as of the clock's now. */
  ItemCounters itemCounters(String itemId);

  default ItemFeatures item(String itemId) {
    return items(List.of(itemId)).getFirst();
  }

  /** Metadata, embedding and counters of every item in one round trip; unknown ids give {@link ItemFeatures#absent}. */
  List<ItemFeatures> items(List<String> itemIds);

  /**
   * What scoring one user's candidates reads: the user (as {@link #user}) and the items (as
   * {@link #items}). The Redis store sends both in one pipelined round trip; the default makes the
   * two calls.
   */
  default ScoringFeatures scoringFeatures(String userId, int historyLimit, List<String> itemIds) {
    return new ScoringFeatures(user(userId, historyLimit), items(itemIds));
  }

  /**
   * Records the interest cluster of each given item under a clustering of {@code clusterCount} clusters
   * (written by the offline training step). When {@code clusterCount} differs from the stored one, the
   * earlier assignment is dropped first: its indices mean nothing under the new clustering. Items not
   * given keep their cluster when the count is unchanged.
   *
   * @throws IllegalArgumentException when {@code clusterCount < 1} or an index is outside {@code [0, clusterCount)}
   */
  void putItemClusters(int clusterCount, Map<String, Integer> clusterByItem);

  /** The clusters of many items and the cluster count, in one round trip; {@link ItemClusters#UNKNOWN} where unassigned. */
  ItemClusters itemClusters(List<String> itemIds);

  /** Removes every key of this item, and its cluster assignment. */
  void deleteItem(String itemId);

  // ---- generic feature groups

  /** Sets the given features of a declared group, keeping the group's other features. */
  void putFeatures(EntityType type, String id, String group, FeatureValues values);

  default FeatureValues features(EntityType type, String id, String group) {
    return features(type, List.of(id), group).getFirst();
  }

  /** One group's features for many entities in one round trip; {@link FeatureValues#EMPTY} where absent. */
  List<FeatureValues> features(EntityType type, List<String> ids, String group);

  /** Releases connections; the store is unusable afterwards. */
  @Override
  void close();
}
