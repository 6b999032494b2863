package io.recsys.featurestore.store;

import java.util.Arrays;

/**
 * The interest clusters of a batch of items, as one {@link FeatureStore#itemClusters} read returns them.
 *
 * @param clusterCount how many clusters the stored assignment has; 0 when none was written
 * @param clusterByItem per requested item, in request order: its cluster index in
 *     {@code [0, clusterCount)}, or {@link #UNKNOWN}
 */
public record ItemClusters(int clusterCount, int[] clusterByItem) {
  /** The cluster index of an item without an assignment. */
  public static final int UNKNOWN = -1;

  public ItemClusters {
    if (clusterCount < 0) throw new IllegalArgumentException("clusterCount must be >= 0: " + clusterCount);
    for (int c : clusterByItem) {
      if (c < UNKNOWN || c >= clusterCount) {
        throw new IllegalArgumentException("cluster index " + c + " outside [0, " + clusterCount + ")");
      }
    }
  }

  /**
   * Checks an assignment before it is written: {@code clusterCount >= 1}, ids non-empty, every index in
   * {@code [0, clusterCount)}.
   */
  public static void requireValid(int clusterCount, java.util.Map<String, Integer> clusterByItem) {
    if (clusterCount < 1) throw new IllegalArgumentException("clusterCount must be >= 1: " + clusterCount);
    clusterByItem.forEach((id, c) -> {
      if (id == null || id.isEmpty()) throw new IllegalArgumentException("item id is empty");
      if (c == null || c < 0 || c >= clusterCount) {
        throw new IllegalArgumentException("cluster of item " + id + " is " + c + ", outside [0, " + clusterCount + ")");
      }
    });
  }

  /** The cluster of the {@code i}-th requested item, or {@link #UNKNOWN}. */
  public int cluster(int i) {
    return clusterByItem[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemClusters c && c.clusterCount == clusterCount && Arrays.equals(c.clusterByItem, clusterByItem);
  }

  @Override
  public int hashCode() {
    return 31 * clusterCount + Arrays.hashCode(clusterByItem);
  }

  @Override
  public String toString() {
    return "ItemClusters[clusterCount=" + clusterCount + ", clusterByItem=" + Arrays.toString(clusterByItem) + "]";
  }
}
