package io.recsys.featurestore.store.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;

/**
 * The CPU time a redis-server has used, from {@code INFO cpu}, on a connection of its own: benchmarks
 * take differences around a run to report Redis's cost per event. Not thread-safe.
 */
public final class ServerCpu implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  public ServerCpu(URI redis) {
    client = RedisClient.create(redis.toString());
    connection = client.connect();
  }

  /** Main-thread user + sys seconds (Redis ≥ 6.2), else the whole process's. */
  public double seconds() {
    double main = 0, process = 0;
    boolean hasMain = false;
    for (String line : connection.sync().info("cpu").split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon);
      double v = Double.parseDouble(line.substring(colon + 1).trim());
      if (key.equals("used_cpu_user_main_thread") || key.equals("used_cpu_sys_main_thread")) {
        main += v;
        hasMain = true;
      } else if (key.equals("used_cpu_user") || key.equals("used_cpu_sys")) {
        process += v;
      }
    }
    return hasMain ? main : process;
  }

  void flushAll() {
    connection.sync().flushall();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
