package io.recsys.featurestore.store;

/**
 * The stored form of an item's counters: decayed values as of {@code asOfMillis} plus raw counts, one
 * pair per {@link ItemCounter}. Decay is applied lazily: an update first decays the stored values to
 * the update's time, a read decays them to the clock's time. Updates older than {@code asOfMillis}
 * (late events) are added with their own decay factor, so event order does not change the result.
 *
 * <p>The Redis backend does the same arithmetic in Lua ({@code RedisCounterScript},
 * {@code RealtimeScripts.ITEM}); they must stay in step, and the contract tests compare them.
 *
 * <p>Immutable.
 */
public record CounterState(double impressions, double clicks, double favourites, double carts, double purchases,
    long asOfMillis, long impressionCount, long clickCount, long favouriteCount, long cartCount, long purchaseCount) {

  /** Adds {@code count} events at {@code timestampMillis} to an absent ({@code null}) or existing state. */
  public static CounterState add(CounterState s, ItemCounter counter, long count, long timestampMillis,
      double halfLifeMillis) {
    double[] decayed = new double[ItemCounter.COUNT];
    long[] counts = new long[ItemCounter.COUNT];
    long asOf = timestampMillis;
    if (s != null) {
      decayed[0] = s.impressions;
      decayed[1] = s.clicks;
      decayed[2] = s.favourites;
      decayed[3] = s.carts;
      decayed[4] = s.purchases;
      counts[0] = s.impressionCount;
      counts[1] = s.clickCount;
      counts[2] = s.favouriteCount;
      counts[3] = s.cartCount;
      counts[4] = s.purchaseCount;
      asOf = s.asOfMillis;
    }
    double w;
    if (timestampMillis >= asOf) {
      double f = Math.pow(2, -(double) (timestampMillis - asOf) / halfLifeMillis);
      for (int i = 0; i < decayed.length; i++) decayed[i] *= f;
      asOf = timestampMillis;
      w = count;
    } else {
      w = count * Math.pow(2, -(double) (asOf - timestampMillis) / halfLifeMillis);
    }
    decayed[counter.ordinal()] += w;
    counts[counter.ordinal()] += count;
    return new CounterState(decayed[0], decayed[1], decayed[2], decayed[3], decayed[4], asOf,
        counts[0], counts[1], counts[2], counts[3], counts[4]);
  }

  /** The counters as seen at {@code nowMillis}; a state newer than {@code now} is not decayed. */
  public ItemCounters at(long nowMillis, double halfLifeMillis) {
    double f = nowMillis > asOfMillis ? Math.pow(2, -(double) (nowMillis - asOfMillis) / halfLifeMillis) : 1;
    return new ItemCounters(impressions * f, clicks * f, favourites * f, carts * f, purchases * f,
        impressionCount, clickCount, favouriteCount, cartCount, purchaseCount);
  }
}
