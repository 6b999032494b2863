package io.recsys.featurestore.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The ingestion hot path's view of the item → interest-cluster assignment: what a batch needs is read
 * from the store in one call ({@link FeatureStore#itemClusters}-shaped loader), then trusted for
 * {@code ttl}, so batches of items seen recently pay no round trip. Absent assignments are cached too
 * (most new items have none until the next training run). All answers of one {@link #lookup} share one
 * cluster count: when a load reports another count than the cached entries were read under (the model
 * was retrained), the whole cache is dropped and the batch read again. A new assignment therefore
 * reaches ingestion within {@code ttl}. Bounded: past {@code maxEntries} the cache is cleared (a
 * re-read per item, not an error).
 *
 * <p>Thread-safe (a concurrent map; racing loads only repeat work).
 */
public final class ItemClusterCache {
  public static final int DEFAULT_MAX_ENTRIES = 1_000_000;

  private final Function<List<String>, ItemClusters> loader;
  private final long ttlMillis;
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile int clusterCount = -1;

  /** One item's cluster (or {@link ItemClusters#UNKNOWN}) and when it must be read again. */
  private record Entry(int cluster, long expiresAtMillis) {}

  public ItemClusterCache(Function<List<String>, ItemClusters> loader, Duration ttl, int maxEntries, Clock clock) {
    this.loader = Objects.requireNonNull(loader, "loader");
    if (ttl.isNegative()) throw new IllegalArgumentException("ttl must be >= 0: " + ttl);
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Fills {@code out[i]} with the cluster of {@code itemIds.get(i)} ({@link ItemClusters#UNKNOWN} when it
   * has none) and returns the cluster count they belong to (0 when no assignment exists); at most two
   * loader calls, none when every item is cached.
   */
  public int lookup(List<String> itemIds, int[] out) {
    if (out.length < itemIds.size()) throw new IllegalArgumentException("out holds " + out.length + " < " + itemIds.size());
    long now = clock.millis();
    int count = clusterCount;
    List<String> missing = null;
    List<Integer> missingAt = null;
    for (int i = 0; i < itemIds.size(); i++) {
      Entry e = ttlMillis == 0 ? null : entries.get(itemIds.get(i));
      if (e != null && e.expiresAtMillis > now) {
        out[i] = e.cluster;
        continue;
      }
      if (missing == null) {
        missing = new ArrayList<>();
        missingAt = new ArrayList<>();
      }
      missing.add(itemIds.get(i));
      missingAt.add(i);
    }
    if (missing == null) return count;
    ItemClusters loaded = loader.apply(missing);
    if (loaded.clusterCount() != count) {
      // Retrained (or first use): every cached entry refers to another clustering. What this batch took
      // from the cache was read under the old count, so the batch is read again as a whole.
      entries.clear();
      clusterCount = loaded.clusterCount();
      if (missing.size() < itemIds.size()) {
        missing = itemIds;
        missingAt = null;
        loaded = loader.apply(itemIds);
        clusterCount = loaded.clusterCount();
      }
    }
    if (ttlMillis > 0 && entries.size() + missing.size() > maxEntries) entries.clear();
    long expires = now + ttlMillis;
    for (int j = 0; j < missing.size(); j++) {
      int i = missingAt == null ? j : missingAt.get(j);
      out[i] = loaded.cluster(j);
      if (ttlMillis > 0) entries.put(missing.get(j), new Entry(out[i], expires));
    }
    return loaded.clusterCount();
  }
}
