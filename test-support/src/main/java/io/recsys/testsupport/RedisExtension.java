package io.recsys.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Gives a test class a real Redis: a {@code redis:7} container when a Docker engine is reachable,
 * otherwise the redis-server binary shipped in {@code embedded-redis}, on a free port. One server per
 * test class, flushed before each test. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisExtension redis = RedisExtension.create();
 * @RegisterExtension static final RedisExtension aof = RedisExtension.withAppendOnly(AppendFsync.ALWAYS);
 * }</pre>
 *
 * <p>Crash tests use {@link #stop()} (graceful), {@link #kill()} (SIGKILL) and {@link #start()}; the
 * server comes back on the same port with its append-only file. A test that leaves the server stopped
 * gets it restarted before the next test. The system property {@code recsys.redis.backend}
 * ({@code auto}, {@code embedded}, {@code container}) forces a choice.
 *
 * <p>Not thread-safe: tests of one class run sequentially.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  public static final String BACKEND_PROPERTY = "recsys.redis.backend";

  private final AppendFsync appendFsync;
  private RedisServerProcess server;
  private boolean running;

  private RedisExtension(AppendFsync appendFsync) {
    this.appendFsync = appendFsync;
  }

  /** Redis without persistence: fastest, for everything but crash tests. */
  public static RedisExtension create() {
    return new RedisExtension(null);
  }

  /** Redis with {@code appendonly yes} and the given {@code appendfsync} policy. */
  public static RedisExtension withAppendOnly(AppendFsync policy) {
    return new RedisExtension(policy);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = chooseServer();
    server.start();
    running = true;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) server.destroy();
    server = null;
    running = false;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
    flushAll();
  }

  public String host() {
    return requireServer().host();
  }

  public int port() {
    return requireServer().port();
  }

  /** {@code redis://host:port}, e.g. for {@code RedisConnectionConfig.standalone(redis.uri())}. */
  public String uri() {
    return "redis://" + host() + ":" + port();
  }

  /** Which Redis runs, e.g. "embedded redis-server (embedded-redis) on port 40123". */
  public String describe() {
    return requireServer().describe();
  }

  /** Deletes every key. */
  public void flushAll() {
    try {
      RespClient.call(host(), port(), 5000, "FLUSHALL");
    } catch (IOException e) {
      throw new UncheckedIOException("FLUSHALL failed on " + describe(), e);
    }
  }

  /** Starts the server again after {@link #stop()} or {@link #kill()}; a no-op when running. */
  public void start() {
    if (running) return;
    try {
      requireServer().start();
      running = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart " + describe(), e);
    }
  }

  /** Graceful stop: Redis writes out its append-only file, then exits. */
  public void stop() {
    try {
      requireServer().stop();
      running = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop " + describe(), e);
    }
  }

  /** Hard crash (SIGKILL): only what the fsync policy already wrote survives. */
  public void kill() {
    try {
      requireServer().kill();
      running = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot kill " + describe(), e);
    }
  }

  public boolean isRunning() {
    return running;
  }

  private RedisServerProcess requireServer() {
    if (server == null) {
      throw new IllegalStateException("RedisExtension is not started: register it with @RegisterExtension on a static field");
    }
    return server;
  }

  private RedisServerProcess chooseServer() {
    String backend = System.getProperty(BACKEND_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    return switch (backend) {
      case "embedded" -> new EmbeddedRedisProcess(appendFsync);
      case "container" -> new ContainerRedisProcess(appendFsync);
      case "auto" -> dockerAvailable() ? new ContainerRedisProcess(appendFsync) : new EmbeddedRedisProcess(appendFsync);
      default -> throw new IllegalArgumentException(BACKEND_PROPERTY + " must be auto, embedded or container: " + backend);
    };
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
