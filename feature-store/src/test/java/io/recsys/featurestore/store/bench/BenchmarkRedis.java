package io.recsys.featurestore.store.bench;

import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.testsupport.FreePorts;
import java.io.IOException;
import redis.embedded.RedisServer;

/**
 * The Redis a benchmark runs against: {@code REDIS_URL} when set, else an embedded redis-server on a
 * free loopback port without persistence. Not thread-safe.
 */
final class BenchmarkRedis implements AutoCloseable {
  private final RedisServer server;
  private final RedisConnectionConfig config;
  private final String description;

  BenchmarkRedis() throws IOException {
    RedisConnectionConfig fromEnv = RedisConnectionConfig.fromEnvironment(System.getenv());
    if (fromEnv != null) {
      server = null;
      config = fromEnv;
      description = "REDIS_URL " + fromEnv.nodes();
      return;
    }
    int port = FreePorts.next();
    server = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1").setting("save \"\"")
        .setting("appendonly no").onShutdownForceStop(true).build();
    server.start();
    config = RedisConnectionConfig.standalone("redis://127.0.0.1:" + port);
    description = "embedded redis-server 6.2.6 on 127.0.0.1:" + port + " (no persistence)";
  }

  RedisConnectionConfig config() {
    return config;
  }

  String describe() {
    return description;
  }

  @Override
  public void close() throws IOException {
    if (server != null) server.stop();
  }
}
