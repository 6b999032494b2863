package io.recsys.featurestore.store;

/**
 * The stored form of an item's counters: decayed values as of {@code asOfMillis} plus raw counts.
 * Decay is applied lazily: an update first decays the stored values to the update's time, a read
 * decays them to the clock's time. Updates older than {@code asOfMillis} (late events) are added with
 * their own decay factor, so event order does not change the result.
 *
 * <p>The Redis backend does the same arithmetic in a Lua script ({@code RedisCounterScript}); both must
 * stay in step, and the contract tests compare them.
 *
 * <p>Immutable.
 */
public record CounterState(double impressions, double clicks, double purchases, long asOfMillis,
    long impressionCount, long clickCount, long purchaseCount) {

  /** Adds {@code count} events at {@code timestampMillis} to an absent ({@code null}) or existing state. */
  public static CounterState add(CounterState s, ItemCounter counter, long count, long timestampMillis,
      double halfLifeMillis) {
    double imp = 0, clk = 0, pur = 0;
    long asOf = timestampMillis;
    long ni = 0, nc = 0, np = 0;
    if (s != null) {
      imp = s.impressions;
      clk = s.clicks;
      pur = s.purchases;
      asOf = s.asOfMillis;
      ni = s.impressionCount;
      nc = s.clickCount;
      np = s.purchaseCount;
    }
    double w;
    if (timestampMillis >= asOf) {
      double f = Math.pow(2, -(double) (timestampMillis - asOf) / halfLifeMillis);
      imp *= f;
      clk *= f;
      pur *= f;
      asOf = timestampMillis;
      w = count;
    } else {
      w = count * Math.pow(2, -(double) (asOf - timestampMillis) / halfLifeMillis);
    }
    switch (counter) {
      case IMPRESSIONS -> { imp += w; ni += count; }
      case CLICKS -> { clk += w; nc += count; }
      case PURCHASES -> { pur += w; np += count; }
    }
    return new CounterState(imp, clk, pur, asOf, ni, nc, np);
  }

  /** The counters as seen at {@code nowMillis}; a state newer than {@code now} is not decayed. */
  public ItemCounters at(long nowMillis, double halfLifeMillis) {
    double f = nowMillis > asOfMillis ? Math.pow(2, -(double) (nowMillis - asOfMillis) / halfLifeMillis) : 1;
    return new ItemCounters(impressions * f, clicks * f, purchases * f, impressionCount, clickCount,
        purchaseCount);
  }
}
