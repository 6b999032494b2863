package io.recsys.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * The redis-server binary shipped inside {@code embedded-redis} (6.2.6 on linux-amd64), on a free
 * ephemeral port, with its own data directory so a restart finds its append-only file again.
 */
final class EmbeddedRedisProcess implements RedisServerProcess {
  private final int port;
  private final Path dataDir;
  private final AppendFsync appendFsync;
  private RedisServer server;

  EmbeddedRedisProcess(AppendFsync appendFsync) {
    this.appendFsync = appendFsync;
    this.port = FreePorts.next();
    try {
      this.dataDir = Files.createTempDirectory("recsys-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void start() throws IOException {
    if (server != null && server.isActive()) return;
    server = RedisServer.newRedisServer()
        .port(port)
        .setting("bind 127.0.0.1")
        .setting("dir " + dataDir.toAbsolutePath())
        .setting("save \"\"")
        .setting("appendonly " + (appendFsync == null ? "no" : "yes"))
        .setting("appendfsync " + (appendFsync == null ? AppendFsync.EVERYSEC : appendFsync).setting())
        .onShutdownForceStop(true) // stop() is SIGKILL; a graceful stop sends SHUTDOWN first
        .build();
    server.start();
  }

  @Override
  public void stop() throws IOException {
    if (server == null || !server.isActive()) return;
    try {
      RespClient.call(host(), port, 5000, "SHUTDOWN");
    } catch (IOException expected) {
      // SHUTDOWN closes the connection instead of replying
    }
    server.stop();
  }

  @Override
  public void kill() throws IOException {
    if (server != null && server.isActive()) server.stop();
  }

  @Override
  public void destroy() {
    try {
      kill();
    } catch (IOException ignored) {
      // best effort: the process dies with the JVM's shutdown hook anyway
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String describe() {
    return "embedded redis-server (embedded-redis) on port " + port;
  }
}
