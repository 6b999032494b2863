package io.recsys.featurestore.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Redis is ({@code recsys.redis.*}). With {@code url} set (from {@code REDIS_URL}: one URI, or
 * comma-separated cluster seeds; {@code REDIS_CLUSTER=true} makes one URI a seed) the service uses that
 * Redis; without it, it starts the redis-server binary shipped in embedded-redis with the append-only
 * file on, in {@code embeddedDir}. Immutable.
 *
 * @param url Redis URI(s), or blank for the embedded server
 * @param cluster whether a single URI is a Redis Cluster seed
 * @param commandTimeout how long one command (or pipelined batch) may take before the call fails (503)
 * @param embeddedDir data directory of the embedded server (its AOF lives there)
 * @param embeddedPort port of the embedded server; 0 picks a free one
 * @param embeddedAppendfsync {@code always}, {@code everysec} or {@code no} (see README.ingest.md)
 */
@ConfigurationProperties("recsys.redis")
public record RedisProperties(String url, Boolean cluster, Duration commandTimeout, Path embeddedDir,
    Integer embeddedPort, String embeddedAppendfsync) {
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
  public static final Path DEFAULT_EMBEDDED_DIR = Path.of("data", "redis");
  public static final String DEFAULT_APPENDFSYNC = "everysec";

  public RedisProperties {
    url = url == null ? "" : url.trim();
    cluster = cluster != null && cluster;
    commandTimeout = commandTimeout == null ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("recsys.redis.command-timeout must be positive: " + commandTimeout);
    }
    embeddedDir = embeddedDir == null ? DEFAULT_EMBEDDED_DIR : embeddedDir;
    embeddedPort = embeddedPort == null ? 0 : embeddedPort;
    embeddedAppendfsync = embeddedAppendfsync == null || embeddedAppendfsync.isBlank() ? DEFAULT_APPENDFSYNC
        : embeddedAppendfsync.trim();
    if (!java.util.Set.of("always", "everysec", "no").contains(embeddedAppendfsync)) {
      throw new IllegalArgumentException("recsys.redis.embedded-appendfsync must be always, everysec or no: " + embeddedAppendfsync);
    }
  }

  public boolean embedded() {
    return url.isEmpty();
  }
}
