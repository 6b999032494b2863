package io.recsys.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Every node is flushed before each test. Use as a static {@code @RegisterExtension}. The harness
 * talks to the nodes with {@link RespClient}, never with the Redis client under test.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private static final int NODES = 3;
  private static final String HOST = "127.0.0.1";
  private static final int TIMEOUT_MILLIS = 5000;
  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("recsys-redis-cluster-");
    for (int i = 0; i < NODES; i++) {
      int port = FreePorts.next();
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
    }
    int perNode = 16384 / NODES;
    for (int i = 0; i < NODES; i++) {
      int from = i * perNode, to = i == NODES - 1 ? 16383 : (i + 1) * perNode - 1;
      List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
      for (int s = from; s <= to; s++) command.add(Integer.toString(s));
      call(i, command.toArray(String[]::new));
    }
    for (int i = 1; i < NODES; i++) call(i, "CLUSTER", "MEET", HOST, Integer.toString(ports.getFirst()));
    long deadline = System.nanoTime() + 20_000_000_000L;
    for (int i = 0; i < NODES; i++) {
      String info;
      while (!(info = call(i, "CLUSTER", "INFO")).contains("cluster_state:ok") || knownNodes(info) < NODES) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the test cluster did not form in 20 s: " + info);
        Thread.sleep(50);
      }
    }
  }

  private static int knownNodes(String clusterInfo) {
    for (String line : clusterInfo.split("\r?\n")) {
      if (line.startsWith("cluster_known_nodes:")) return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
    }
    return 0;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (int i = 0; i < NODES; i++) call(i, "FLUSHALL");
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    for (RedisServer s : servers) s.stop();
    servers.clear();
    ports.clear();
    if (dir != null) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  /**
   * {@code redis://host:port} of every node, the seeds for a cluster client, e.g.
   * {@code RedisConnectionConfig.cluster(cluster.seedUris())}.
   */
  public List<String> seedUris() {
    List<String> seeds = new ArrayList<>();
    for (int p : ports) seeds.add("redis://" + HOST + ":" + p);
    return seeds;
  }

  /** Keys held by node {@code i} (0-based), to check that data is spread over the masters. */
  public long keysOnNode(int i) {
    return Long.parseLong(call(i, "DBSIZE"));
  }

  public int size() {
    return NODES;
  }

  private String call(int node, String... command) {
    try {
      return RespClient.call(HOST, ports.get(node), TIMEOUT_MILLIS, command);
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", List.of(command).subList(0, Math.min(2, command.length)))
          + " failed on cluster node " + node + " (port " + ports.get(node) + ")", e);
    }
  }
}
