package io.recsys.gateway.config;

import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import java.util.Map;

/**
 * The gateway's own Redis connection (rate-limit buckets, experiment counts and exposures), or none
 * when {@code REDIS_URL} is not set: then both live in this process's memory. Closed with the context.
 */
public final class GatewayRedis implements AutoCloseable {
  private final RedisConnection connection;

  private GatewayRedis(RedisConnection connection) {
    this.connection = connection;
  }

  static GatewayRedis open(String url, boolean cluster) {
    if (url == null || url.isBlank()) return new GatewayRedis(null);
    RedisConnectionConfig c = RedisConnectionConfig.fromEnvironment(Map.of(RedisConnectionConfig.ENV_URL, url,
        RedisConnectionConfig.ENV_CLUSTER, Boolean.toString(cluster)));
    return new GatewayRedis(RedisConnection.open(c));
  }

  /** The connection, or null without Redis. */
  public RedisConnection connection() {
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) connection.close();
  }
}
