package io.recsys.candidate.retrieve;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live trending order for the popular source: the feature store's decayed item counters (kept by
 * ingestion, half-life from the store's config) of the model's {@code pool} most popular items, read
 * in batches by {@link #refresh}, which the service schedules off the request path. Items with live
 * engagement ({@code clicks + 3 · purchases}, decayed) come first, by that score; the rest keep the
 * model's training-popularity order. Until the first refresh, or for another model version than the
 * one refreshed, the training order serves. A failed refresh keeps the previous snapshot.
 *
 * <p>Thread-safe: requests read one immutable snapshot; refreshes replace it atomically.
 */
public final class TrendingItems {
  /** Items whose counters are read per refresh (the training-popularity head). */
  public static final int DEFAULT_POOL = 2000;
  static final int BATCH = 500;
  static final double PURCHASE_WEIGHT = 3;

  private record Snapshot(String modelVersion, int[] order, float[] scores, int live) {}

  private final FeatureStore store;
  private final int pool;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

  public TrendingItems(FeatureStore store, int pool) {
    if (pool < 1) throw new IllegalArgumentException("pool must be >= 1: " + pool);
    this.store = store;
    this.pool = pool;
  }

  /** Reads the counters and replaces the snapshot; returns how many items have live engagement. */
  public int refresh(CandidateModel model) {
    int[] popular = model.popularity().order();
    int n = Math.min(pool, popular.length);
    float[] live = new float[popular.length];
    int liveCount = 0;
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      List<String> ids = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) ids.add(model.catalog().id(popular[i]));
      List<ItemFeatures> read = store.items(ids);
      for (int i = from; i < to; i++) {
        ItemCounters c = read.get(i - from).counters();
        float score = (float) (c.clicks() + PURCHASE_WEIGHT * c.purchases());
        if (score > 0) {
          live[popular[i]] = score;
          liveCount++;
        }
      }
    }
    int[] liveRows = new int[liveCount];
    int k = 0;
    for (int i = 0; i < n; i++) if (live[popular[i]] > 0) liveRows[k++] = popular[i];
    Integer[] boxed = new Integer[liveCount]; // once per refresh, off the request path
    for (int i = 0; i < liveCount; i++) boxed[i] = liveRows[i];
    Arrays.sort(boxed, (a, b) -> live[a] != live[b] ? Float.compare(live[b], live[a]) : Integer.compare(a, b));
    int[] order = new int[popular.length];
    float[] scores = model.popularity().scores();
    for (int i = 0; i < liveCount; i++) {
      order[i] = boxed[i];
      scores[boxed[i]] = live[boxed[i]];
    }
    int p = liveCount;
    for (int row : popular) if (live[row] == 0) order[p++] = row;
    snapshot.set(new Snapshot(model.version(), order, scores, liveCount));
    return liveCount;
  }

  /** The order the popular source serves for this model. */
  public int[] order(CandidateModel model) {
    Snapshot s = snapshot.get();
    return s != null && s.modelVersion().equals(model.version()) ? s.order() : model.popularity().order();
  }

  /** The score per row matching {@link #order}: live engagement for trending rows, training popularity otherwise. */
  public float[] scores(CandidateModel model) {
    Snapshot s = snapshot.get();
    return s != null && s.modelVersion().equals(model.version()) ? s.scores() : null;
  }

  /** A popular source over this live order. */
  public PopularSource source() {
    return new PopularSource(this::order, this::scores);
  }
}
