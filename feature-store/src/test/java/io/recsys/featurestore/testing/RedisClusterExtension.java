package io.recsys.featurestore.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * A real three-master Redis Cluster for tests, built from embedded-redis's redis-server binary:
 * three processes with {@code cluster-enabled yes} on free loopback ports, the 16384 slots split in
 * three ranges ({@code CLUSTER ADDSLOTS}), joined with {@code CLUSTER MEET}, and waited for until every
 * node reports {@code cluster_state:ok}. No replicas (a test of routing and slot rules, not fail-over).
 * Every node is flushed before each test. Use as a static {@code @RegisterExtension}.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private static final int NODES = 3;
  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<RedisClient> clients = new ArrayList<>();
  private final List<StatefulRedisConnection<String, String>> nodes = new ArrayList<>();
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("recsys-redis-cluster-");
    for (int i = 0; i < NODES; i++) {
      int port = freePort();
      Path nodeDir = Files.createDirectories(dir.resolve("node-" + i));
      RedisServer server = RedisServer.newRedisServer().port(port)
          .setting("bind 127.0.0.1")
          .setting("dir " + nodeDir.toAbsolutePath())
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("cluster-enabled yes")
          .setting("cluster-config-file nodes.conf")
          .setting("cluster-node-timeout 5000")
          .onShutdownForceStop(true)
          .build();
      server.start();
      servers.add(server);
      ports.add(port);
      RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
      clients.add(client);
      nodes.add(client.connect());
    }
    int perNode = 16384 / NODES;
    for (int i = 0; i < NODES; i++) {
      int from = i * perNode, to = i == NODES - 1 ? 16383 : (i + 1) * perNode - 1;
      int[] slots = new int[to - from + 1];
      for (int s = from; s <= to; s++) slots[s - from] = s;
      nodes.get(i).sync().clusterAddSlots(slots);
    }
    for (int i = 1; i < NODES; i++) nodes.get(i).sync().clusterMeet("127.0.0.1", ports.getFirst());
    long deadline = System.nanoTime() + 20_000_000_000L;
    for (StatefulRedisConnection<String, String> node : nodes) {
      while (!node.sync().clusterInfo().contains("cluster_state:ok") || knownNodes(node.sync()) < NODES) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the test cluster did not form in 20 s: " + node.sync().clusterInfo());
        Thread.sleep(50);
      }
    }
  }

  private static int knownNodes(RedisCommands<String, String> node) {
    for (String line : node.clusterInfo().split("\r?\n")) {
      if (line.startsWith("cluster_known_nodes:")) return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
    }
    return 0;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (StatefulRedisConnection<String, String> node : nodes) node.sync().flushall();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    for (StatefulRedisConnection<String, String> n : nodes) n.close();
    for (RedisClient c : clients) c.shutdown();
    for (RedisServer s : servers) s.stop();
    if (dir != null) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  /** Seed URIs of every node, for the cluster client. */
  public RedisConnectionConfig connectionConfig() {
    List<String> seeds = new ArrayList<>();
    for (int p : ports) seeds.add("redis://127.0.0.1:" + p);
    return RedisConnectionConfig.cluster(seeds);
  }

  /** Keys held by node {@code i} (0-based), to check that data is spread over the masters. */
  public long keysOnNode(int i) {
    return nodes.get(i).sync().dbsize();
  }

  public int size() {
    return NODES;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
