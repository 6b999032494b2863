package io.recsys.featurestore.store.redis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach Redis. One node means a standalone Redis ({@code RedisClient}); {@code cluster = true}
 * means the nodes are Redis Cluster seeds ({@code RedisClusterClient}, which discovers the rest).
 * Lettuce's defaults are spelled out here so that operators see them: auto-reconnect on, commands
 * rejected (not queued) while disconnected so callers fail fast and answer 503, and a command timeout.
 * Immutable.
 *
 * @param nodes {@code redis://[user:password@]host:port[/db]} or {@code rediss://...} URIs, at least one
 * @param cluster whether {@code nodes} are Redis Cluster seeds
 * @param commandTimeout how long one command (or one pipelined batch) may take before it fails
 * @param connectTimeout how long opening a socket may take
 * @param autoReconnect reconnect after a lost connection (Lettuce's default, made explicit)
 * @param queueWhileDisconnected buffer commands while reconnecting instead of failing them at once
 */
public record RedisConnectionConfig(List<URI> nodes, boolean cluster, Duration commandTimeout,
    Duration connectTimeout, boolean autoReconnect, boolean queueWhileDisconnected) {
  public static final String ENV_URL = "REDIS_URL";
  public static final String ENV_CLUSTER = "REDIS_CLUSTER";
  public static final URI DEFAULT_URI = URI.create("redis://localhost:6379");
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  public RedisConnectionConfig {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) throw new IllegalArgumentException("at least one Redis node URI is needed");
    for (URI u : nodes) {
      if (!"redis".equals(u.getScheme()) && !"rediss".equals(u.getScheme())) {
        throw new IllegalArgumentException("Redis URI must start with redis:// or rediss://: " + u);
      }
      if (u.getHost() == null) throw new IllegalArgumentException("Redis URI has no host: " + u);
    }
    if (!cluster && nodes.size() > 1) {
      throw new IllegalArgumentException("several nodes given but cluster=false: " + nodes);
    }
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout must be positive: " + commandTimeout);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
  }

  /** A single Redis at {@code uri} with the default timeouts. */
  public static RedisConnectionConfig standalone(String uri) {
    return new RedisConnectionConfig(List.of(URI.create(uri)), false, DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT, true, false);
  }

  /** A Redis Cluster reached through these seed nodes, with the default timeouts. */
  public static RedisConnectionConfig cluster(List<String> seedUris) {
    List<URI> uris = new ArrayList<>();
    for (String s : seedUris) uris.add(URI.create(s.trim()));
    return new RedisConnectionConfig(uris, true, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, true, false);
  }

  /**
   * Reads {@code REDIS_URL} (one URI, or comma-separated cluster seeds) and {@code REDIS_CLUSTER}
   * ({@code true} makes a single URI a cluster seed).
   *
   * @return the configuration, or null when {@code REDIS_URL} is unset or blank (callers then start an
   *     embedded Redis or use the in-memory store)
   */
  public static RedisConnectionConfig fromEnvironment(Map<String, String> env) {
    String url = env.get(ENV_URL);
    if (url == null || url.isBlank()) return null;
    String[] parts = url.split(",");
    boolean cluster = parts.length > 1
        || "true".equals(env.getOrDefault(ENV_CLUSTER, "").trim().toLowerCase(Locale.ROOT));
    return cluster ? cluster(List.of(parts)) : standalone(url.trim());
  }

  public RedisConnectionConfig withCommandTimeout(Duration timeout) {
    return new RedisConnectionConfig(nodes, cluster, timeout, connectTimeout, autoReconnect, queueWhileDisconnected);
  }
}
