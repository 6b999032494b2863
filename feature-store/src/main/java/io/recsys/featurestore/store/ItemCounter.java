package io.recsys.featurestore.store;

/** The per-item event counters the store keeps, each both decayed and as a raw count. */
public enum ItemCounter {
  IMPRESSIONS,
  CLICKS,
  PURCHASES
}
