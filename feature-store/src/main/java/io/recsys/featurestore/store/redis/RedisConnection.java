package io.recsys.featurestore.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.codec.RedisCodec;
import io.recsys.featurestore.store.FeatureStoreException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One shared Lettuce connection (standalone or cluster, by {@link RedisConnectionConfig#cluster()}),
 * with keys as UTF-8 strings and values as raw bytes. Automatic flushing is off: every operation queues
 * all its commands and then calls {@link #flush()}, so a batch of any size costs one network write and
 * one round trip. Several threads may pipeline at once: a flush sends whatever any thread has queued,
 * and each thread waits only for its own futures.
 *
 * <p>Thread-safe. Close it once, when the last user is done.
 */
public final class RedisConnection implements AutoCloseable {
  /**
   * Keys as UTF-8 strings, values as raw bytes. Keys are encoded with {@code String.getBytes} (a
   * vectorised copy for the Latin-1 strings keys are) rather than Lettuce's {@code StringCodec}, which
   * writes them into the channel buffer one char at a time: with ~10 keys per ingested event that loop
   * was the largest self-time on Lettuce's event-loop thread in a JFR profile of ingestion.
   */
  private static final RedisCodec<String, byte[]> CODEC = new RedisCodec<>() {
    @Override
    public String decodeKey(ByteBuffer bytes) {
      return StandardCharsets.UTF_8.decode(bytes).toString();
    }

    @Override
    public byte[] decodeValue(ByteBuffer bytes) {
      return ByteArrayCodec.INSTANCE.decodeValue(bytes);
    }

    @Override
    public ByteBuffer encodeKey(String key) {
      return ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ByteBuffer encodeValue(byte[] value) {
      return ByteArrayCodec.INSTANCE.encodeValue(value);
    }
  };

  private final AbstractRedisClient client;
  private final ClientResources resources;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;
  private final long timeoutNanos;
  private final String description;
  private final boolean cluster;

  private RedisConnection(AbstractRedisClient client, ClientResources resources, StatefulConnection<String, byte[]> connection,
      RedisClusterAsyncCommands<String, byte[]> commands, RedisConnectionConfig config) {
    this.client = client;
    this.resources = resources;
    this.connection = connection;
    this.commands = commands;
    this.timeoutNanos = config.commandTimeout().toNanos();
    this.cluster = config.cluster();
    this.description = (config.cluster() ? "Redis Cluster " : "Redis ") + redacted(config.nodes());
    connection.setAutoFlushCommands(false);
  }

  /**
   * Connects.
   *
   * @throws FeatureStoreException when Redis cannot be reached
   */
  public static RedisConnection open(RedisConnectionConfig config) {
    List<RedisURI> uris = new ArrayList<>();
    for (URI u : config.nodes()) {
      RedisURI r = RedisURI.create(u);
      r.setTimeout(config.commandTimeout());
      uris.add(r);
    }
    SocketOptions socket = SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build();
    ClientOptions.DisconnectedBehavior disconnected = config.queueWhileDisconnected()
        ? ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS
        : ClientOptions.DisconnectedBehavior.REJECT_COMMANDS;
    // No Lettuce command timeouts: every caller waits through await(), which enforces the command
    // timeout itself (and cancels the command); Lettuce's own would add a timer task per command, and
    // without them the 500-item read's p99 was lower in four of six interleaved pairs (median 1.95 ms
    // against 2.29 ms, README "Benchmarks").
    TimeoutOptions timeouts = TimeoutOptions.builder().timeoutCommands(false).build();
    // Lettuce records every command's latency into histograms by default (when HdrHistogram and
    // LatencyUtils are on the classpath, as here); nothing reads them, and the recording cost ~3 % of
    // the event loop's time under ingestion load. Micrometer metrics of our own cover what matters.
    ClientResources resources = DefaultClientResources.builder()
        .commandLatencyRecorder(CommandLatencyRecorder.disabled()).build();
    try {
      if (config.cluster()) {
        RedisClusterClient client = RedisClusterClient.create(resources, uris);
        client.setOptions(ClusterClientOptions.builder()
            .autoReconnect(config.autoReconnect())
            .disconnectedBehavior(disconnected)
            .socketOptions(socket)
            .timeoutOptions(timeouts)
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
            .build());
        try {
          StatefulRedisClusterConnection<String, byte[]> c = client.connect(CODEC);
          return new RedisConnection(client, resources, c, c.async(), config);
        } catch (RuntimeException e) {
          client.shutdown();
          resources.shutdown();
          throw e;
        }
      }
      RedisClient client = RedisClient.create(resources, uris.getFirst());
      client.setOptions(ClientOptions.builder()
          .autoReconnect(config.autoReconnect())
          .disconnectedBehavior(disconnected)
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .build());
      try {
        StatefulRedisConnection<String, byte[]> c = client.connect(CODEC);
        return new RedisConnection(client, resources, c, c.async(), config);
      } catch (RuntimeException e) {
        client.shutdown();
        resources.shutdown();
        throw e;
      }
    } catch (io.lettuce.core.RedisException e) {
      resources.shutdown();
      throw new FeatureStoreException("cannot connect to " + redacted(config.nodes()) + ": " + e.getMessage(), e, true);
    }
  }

  /** True for a Redis Cluster connection: a script's keys must then share one slot. */
  public boolean isCluster() {
    return cluster;
  }

  /** The async command set; commands are only sent on {@link #flush()}. */
  public RedisClusterAsyncCommands<String, byte[]> commands() {
    return commands;
  }

  /** Sends every queued command. */
  public void flush() {
    connection.flushCommands();
  }

  /** Waits for one command's reply within the command timeout. */
  public <T> T await(RedisFuture<T> future) {
    long deadline = System.nanoTime() + timeoutNanos;
    return await(future, deadline);
  }

  /** Waits for all replies (one pipelined batch) within one command timeout. */
  public void awaitAll(List<? extends RedisFuture<?>> futures) {
    long deadline = System.nanoTime() + timeoutNanos;
    for (RedisFuture<?> f : futures) await(f, deadline);
  }

  private <T> T await(RedisFuture<T> future, long deadlineNanos) {
    try {
      return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      // Lettuce rejects commands while disconnected (REJECT_COMMANDS) before sending them: known not done.
      boolean neverSent = cause instanceof io.lettuce.core.RedisConnectionException
          || String.valueOf(cause.getMessage()).contains("Commands are rejected");
      throw new FeatureStoreException(description + " failed: " + cause.getMessage(), cause, neverSent);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new FeatureStoreException(description + " did not answer within "
          + Duration.ofNanos(timeoutNanos).toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FeatureStoreException("interrupted while waiting for " + description, e);
    }
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return description;
  }

  private static String redacted(List<URI> nodes) {
    List<String> out = new ArrayList<>();
    for (URI u : nodes) out.add(u.getScheme() + "://" + u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort()));
    return String.join(",", out);
  }
}
