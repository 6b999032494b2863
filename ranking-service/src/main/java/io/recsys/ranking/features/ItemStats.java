package io.recsys.ranking.features;

/**
 * Item-side engagement statistics the ranker's popularity and transition features read, as of one
 * moment. Two implementations share the exact same arithmetic so that training and serving agree bit
 * for bit: {@link PointInTimeReplay}'s live state (training: the state strictly before each example's
 * moment) and {@link FrozenItemStats} (serving: the state at the end of the dataset, frozen into the
 * ranker artefact).
 *
 * <p>Engagements are the dataset's interactions of the positive types (everything but impressions,
 * {@code UserSequences.defaultPositiveTypes()}); transitions are counted on each user's
 * {@code UserSequences} sequence (distinct items in discovery order).
 */
public interface ItemStats {
  /** Half-life of {@link #decayedCount}: 7 days. */
  long POPULARITY_HALF_LIFE_MILLIS = 7L * 24 * 3600 * 1000;

  /** Engagements with the item so far. */
  double totalCount(int item);

  /** Engagements with the item, each weighted 2^(-age / 7 days) at {@code now}. */
  double decayedCount(int item, long now);

  /** Time of the item's first engagement, or {@link Long#MIN_VALUE} if it was never engaged with. */
  long firstSeen(int item);

  /** How many times {@code to} directly followed {@code from} in a user's sequence. */
  int transitions(int from, int to);

  /**
   * The shared decay rule: a value accumulated up to {@code last}, seen at {@code now}. Both
   * implementations call this one method so their results are identical.
   */
  static double decay(double value, long last, long now, long halfLifeMillis) {
    if (value == 0) return 0;
    long age = now - last;
    // A query before the last update (serving clock skew) must not inflate the count.
    if (age <= 0) return value;
    return value * Math.exp(-0.6931471805599453 /* ln 2 */ * ((double) age / halfLifeMillis));
  }
}
