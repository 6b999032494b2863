package io.recsys.featurestore.store;

/**
 * An item's counters as read at one instant, one per level of the engagement ladder: exponentially
 * decayed event weights (an event of age {@code a} counts {@code 2^(-a / halfLife)}) and raw, undecayed
 * event counts (the Beta posterior inputs of Thompson sampling).
 *
 * @param impressions decayed impressions
 * @param clicks decayed clicks
 * @param favourites decayed favourites
 * @param carts decayed add-to-carts
 * @param purchases decayed purchases
 * @param impressionCount impressions ever counted
 * @param clickCount clicks ever counted
 * @param favouriteCount favourites ever counted
 * @param cartCount add-to-carts ever counted
 * @param purchaseCount purchases ever counted
 */
public record ItemCounters(double impressions, double clicks, double favourites, double carts, double purchases,
    long impressionCount, long clickCount, long favouriteCount, long cartCount, long purchaseCount) {
  public static final ItemCounters NONE = new ItemCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Decayed click-through rate, clicks / impressions; 0 when there are no impressions. */
  public double ctr() {
    return impressions > 0 ? clicks / impressions : 0;
  }
}
