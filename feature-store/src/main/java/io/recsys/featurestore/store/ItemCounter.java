package io.recsys.featurestore.store;

/**
 * The per-item event counters the store keeps, one per level of the engagement ladder (ratings are not
 * counted), each both decayed and as a raw count. The declaration order is the ladder's and the order of
 * the stored counter section ({@link CounterStateCodec}); the Redis scripts take the ordinal.
 */
public enum ItemCounter {
  IMPRESSIONS,
  CLICKS,
  FAVOURITES,
  CARTS,
  PURCHASES;

  /** How many counters there are: the stored section holds this many decayed values and counts. */
  public static final int COUNT = values().length;
}
