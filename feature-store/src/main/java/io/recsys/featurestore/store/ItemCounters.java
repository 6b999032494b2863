package io.recsys.featurestore.store;

/**
 * An item's counters as read at one instant: exponentially decayed event weights (an event of age
 * {@code a} counts {@code 2^(-a / halfLife)}) and raw, undecayed event counts (the Beta posterior
 * inputs of Thompson sampling).
 *
 * @param impressions decayed impressions
 * @param clicks decayed clicks
 * @param purchases decayed purchases
 * @param impressionCount impressions ever counted
 * @param clickCount clicks ever counted
 * @param purchaseCount purchases ever counted
 */
public record ItemCounters(double impressions, double clicks, double purchases, long impressionCount,
    long clickCount, long purchaseCount) {
  public static final ItemCounters NONE = new ItemCounters(0, 0, 0, 0, 0, 0);

  /** Decayed click-through rate, clicks / impressions; 0 when there are no impressions. */
  public double ctr() {
    return impressions > 0 ? clicks / impressions : 0;
  }
}
