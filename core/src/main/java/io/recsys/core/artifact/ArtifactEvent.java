package io.recsys.core.artifact;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link ServingArtifact} did with a new {@code CURRENT}, delivered to its listeners
 * ({@link ServingArtifact#onEvent}) on the thread that refreshed. Immutable, thread-safe.
 */
public sealed interface ArtifactEvent {
  ArtifactKind kind();

  /** When it happened, by the store's clock. */
  Instant at();

  /**
   * The new version was loaded and validated and is now served; requests already running finish on
   * {@code from}.
   *
   * @param from the version served before
   * @param to the version served now
   * @param loadTime how long loading and validating took
   */
  record Swapped(ArtifactKind kind, String from, String to, Instant at, Duration loadTime) implements ArtifactEvent {
    public Swapped {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(loadTime, "loadTime");
    }
  }

  /**
   * The version {@code CURRENT} names could not be loaded or was not valid (or {@code CURRENT} itself
   * could not be read); the version served before is still served.
   *
   * @param version what {@code CURRENT} names; null when {@code CURRENT} could not be read
   * @param reason why, naming the file or folder at fault
   */
  record Refused(ArtifactKind kind, String version, String reason, Instant at) implements ArtifactEvent {
    public Refused {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }
}
