package io.recsys.featurestore.store;

import io.recsys.core.dataset.InteractionType;
import java.time.Duration;
import java.util.Objects;

/**
 * How fast ingested events move a user's interest-mixture weights ({@link InterestMixtureRule}): the
 * step size α per positive interaction type (impressions never move them). Immutable.
 *
 * @param click α of a click
 * @param favourite α of a favourite (between a click's and a cart's, as the level is)
 * @param cart α of an add-to-cart
 * @param purchase α of a purchase
 * @param rating α of a rating (whatever its value: a rating says the user engaged with the item)
 * @param clusterCacheTtl how long a worker trusts an item's cluster (or its absence) read from the
 *     store before reading it again; the hot path then pays no round trip for items seen within it, and
 *     a new assignment ({@link FeatureStore#putItemClusters}) reaches ingestion within it. Zero reads
 *     the clusters of every batch.
 */
public record MixtureRefreshConfig(double click, double favourite, double cart, double purchase, double rating, Duration clusterCacheTtl) {
  public static final double DEFAULT_CLICK = 0.05;
  public static final double DEFAULT_FAVOURITE = 0.075;
  public static final double DEFAULT_CART = 0.1;
  public static final double DEFAULT_PURCHASE = 0.2;
  public static final double DEFAULT_RATING = 0.1;
  public static final Duration DEFAULT_CLUSTER_CACHE_TTL = Duration.ofSeconds(30);

  public MixtureRefreshConfig {
    requireRate("click", click);
    requireRate("favourite", favourite);
    requireRate("cart", cart);
    requireRate("purchase", purchase);
    requireRate("rating", rating);
    Objects.requireNonNull(clusterCacheTtl, "clusterCacheTtl");
    if (clusterCacheTtl.isNegative()) throw new IllegalArgumentException("clusterCacheTtl must be >= 0: " + clusterCacheTtl);
  }

  public static MixtureRefreshConfig defaults() {
    return new MixtureRefreshConfig(DEFAULT_CLICK, DEFAULT_FAVOURITE, DEFAULT_CART, DEFAULT_PURCHASE, DEFAULT_RATING, DEFAULT_CLUSTER_CACHE_TTL);
  }

  public MixtureRefreshConfig withClusterCacheTtl(Duration ttl) {
    return new MixtureRefreshConfig(click, favourite, cart, purchase, rating, ttl);
  }

  /** The step size of an event of this type; 0 for impressions. */
  public double alpha(InteractionType type) {
    return switch (type) {
      case IMPRESSION -> 0;
      case CLICK -> click;
      case FAVOURITE -> favourite;
      case CART -> cart;
      case PURCHASE -> purchase;
      case RATING -> rating;
    };
  }

  private static void requireRate(String name, double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException(name + " rate must be in [0, 1]: " + alpha);
  }
}
