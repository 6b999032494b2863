package io.recsys.featurestore.store;

import io.recsys.featurestore.store.memory.InMemoryData;
import io.recsys.featurestore.store.memory.InMemoryFeatureStore;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import java.time.Clock;
import java.util.Map;

/** Opens the feature store a serving module reads: the Redis in its URL, or an empty in-memory one without a URL. */
public final class FeatureStores {
  private FeatureStores() {}

  /**
   * @param url {@code REDIS_URL}; blank means none: an empty in-memory store (every user is then new)
   * @param cluster whether the URL names a Redis Cluster
   */
  public static FeatureStore open(String url, boolean cluster, Clock clock) {
    if (url == null || url.isBlank()) {
      return InMemoryFeatureStore.open(new InMemoryData(), FeatureStoreConfig.defaults(), clock);
    }
    RedisConnectionConfig c = RedisConnectionConfig.fromEnvironment(Map.of(RedisConnectionConfig.ENV_URL, url,
        RedisConnectionConfig.ENV_CLUSTER, Boolean.toString(cluster)));
    return RedisFeatureStore.open(c, FeatureStoreConfig.defaults(), clock);
  }
}
