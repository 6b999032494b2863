package io.recsys.core.artifact;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where artefacts live and how they are kept and watched. Immutable, thread-safe.
 *
 * @param root the store's root folder; from {@value #ROOT_ENV}, default {@code ./artifacts}
 * @param keepVersions how many of the newest versions per kind {@link ArtifactStore#retain} keeps,
 *     besides the one {@code CURRENT} names; default {@value #DEFAULT_KEEP_VERSIONS}
 * @param pollInterval how often a {@link ServingArtifact} looks at {@code CURRENT}; default 10 s
 */
public record ArtifactConfig(Path root, int keepVersions, Duration pollInterval) {
  /** The environment variable naming the root folder. */
  public static final String ROOT_ENV = "RECSYS_ARTIFACTS";
  public static final Path DEFAULT_ROOT = Path.of("artifacts");
  public static final int DEFAULT_KEEP_VERSIONS = 5;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  public ArtifactConfig {
    if (root == null) throw new IllegalArgumentException("root must be set (" + ROOT_ENV + ")");
    if (keepVersions < 1) {
      throw new IllegalArgumentException("keepVersions must be >= 1 (newest versions kept besides CURRENT's): "
          + keepVersions);
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
    }
  }

  /** Root from the process environment, every other value its default. */
  public static ArtifactConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Root from {@value #ROOT_ENV} in {@code env} (absent: {@code ./artifacts}), every other value its
   * default.
   *
   * @throws IllegalArgumentException when {@value #ROOT_ENV} is set but blank or not a path
   */
  public static ArtifactConfig fromEnvironment(Map<String, String> env) {
    String value = env.get(ROOT_ENV);
    Path root = DEFAULT_ROOT;
    if (value != null) {
      if (value.isBlank()) {
        throw new IllegalArgumentException(ROOT_ENV + " is set but blank (unset it for ./artifacts or name a folder)");
      }
      try {
        root = Path.of(value);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(ROOT_ENV + " is not a path: '" + value + "' (" + e.getReason() + ")", e);
      }
    }
    return new ArtifactConfig(root, DEFAULT_KEEP_VERSIONS, DEFAULT_POLL_INTERVAL);
  }

  public ArtifactConfig withRoot(Path r) {
    return new ArtifactConfig(r, keepVersions, pollInterval);
  }

  public ArtifactConfig withKeepVersions(int n) {
    return new ArtifactConfig(root, n, pollInterval);
  }

  public ArtifactConfig withPollInterval(Duration d) {
    return new ArtifactConfig(root, keepVersions, d);
  }
}
