package io.recsys.featurestore.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FeatureStore} keeps its data. Immutable.
 *
 * @param namespace first component of every key ({@link KeyLayout})
 * @param schema the feature schema this build expects; checked against the store at open
 * @param historyCap how many entries a user's recent history keeps (older ones are trimmed on push)
 * @param userTtl idle user state expires this long after its last write; {@link Duration#ZERO} keeps it forever
 * @param counterHalfLife half-life of the decayed item counters
 */
public record FeatureStoreConfig(String namespace, FeatureSchema schema, int historyCap, Duration userTtl,
    Duration counterHalfLife) {
  public static final String DEFAULT_NAMESPACE = "rs";
  public static final int DEFAULT_HISTORY_CAP = 1000;
  public static final Duration DEFAULT_USER_TTL = Duration.ofDays(30);
  public static final Duration DEFAULT_COUNTER_HALF_LIFE = Duration.ofDays(1);

  public FeatureStoreConfig {
    Objects.requireNonNull(schema, "schema");
    new KeyLayout(namespace, schema.version()); // validates the namespace
    if (historyCap < 1) throw new IllegalArgumentException("historyCap must be >= 1: " + historyCap);
    if (userTtl.isNegative()) throw new IllegalArgumentException("userTtl must not be negative: " + userTtl);
    if (counterHalfLife.isNegative() || counterHalfLife.isZero()) {
      throw new IllegalArgumentException("counterHalfLife must be positive: " + counterHalfLife);
    }
  }

  public static FeatureStoreConfig defaults() {
    return new FeatureStoreConfig(DEFAULT_NAMESPACE, FeatureSchema.current(), DEFAULT_HISTORY_CAP,
        DEFAULT_USER_TTL, DEFAULT_COUNTER_HALF_LIFE);
  }

  public FeatureStoreConfig withNamespace(String ns) {
    return new FeatureStoreConfig(ns, schema, historyCap, userTtl, counterHalfLife);
  }

  public FeatureStoreConfig withSchema(FeatureSchema s) {
    return new FeatureStoreConfig(namespace, s, historyCap, userTtl, counterHalfLife);
  }

  public FeatureStoreConfig withHistoryCap(int cap) {
    return new FeatureStoreConfig(namespace, schema, cap, userTtl, counterHalfLife);
  }

  public FeatureStoreConfig withUserTtl(Duration ttl) {
    return new FeatureStoreConfig(namespace, schema, historyCap, ttl, counterHalfLife);
  }

  public FeatureStoreConfig withCounterHalfLife(Duration halfLife) {
    return new FeatureStoreConfig(namespace, schema, historyCap, userTtl, halfLife);
  }

  public KeyLayout keyLayout() {
    return new KeyLayout(namespace, schema.version());
  }

  public double halfLifeMillis() {
    return counterHalfLife.toMillis();
  }
}
