package io.recsys.featurestore.ingest.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * The redis-server binary shipped in embedded-redis (6.2.6 on linux-amd64), started for the service
 * when no {@code REDIS_URL} is given: loopback only, append-only file on with the configured fsync
 * policy, data in a directory that survives restarts (so accepted events do too). Not thread-safe;
 * started and stopped once by the container.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final String appendfsync;
  private RedisServer server;

  public EmbeddedRedisServer(Path dir, int port, String appendfsync) {
    this.dir = dir.toAbsolutePath();
    this.port = port == 0 ? freePort() : port;
    this.appendfsync = appendfsync;
  }

  public void start() {
    try {
      Files.createDirectories(dir);
      server = RedisServer.newRedisServer()
          .port(port)
          .setting("bind 127.0.0.1")
          .setting("dir " + dir)
          .setting("save \"\"")
          .setting("appendonly yes")
          .setting("appendfsync " + appendfsync)
          .build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded redis-server on port " + port + " in " + dir, e);
    }
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public String describe() {
    return "embedded redis-server on 127.0.0.1:" + port + " (AOF appendfsync " + appendfsync + ", data in " + dir + ")";
  }

  @Override
  public void close() {
    if (server == null) return;
    // SHUTDOWN first: Redis flushes and fsyncs its append-only file before it exits.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("*1\r\n$8\r\nSHUTDOWN\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.getInputStream().read(); // returns when Redis closes the connection on exit
    } catch (IOException alreadyGone) {
      // nothing to flush
    }
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the embedded Redis", e);
    }
  }
}
