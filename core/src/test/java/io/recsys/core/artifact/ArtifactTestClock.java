package io.recsys.core.artifact;

import java.time.Instant;

/** The instant the artefact tests' clocks start at (a fixed one, so version names are predictable). */
final class ArtifactTestClock {
  static final Instant START = Instant.parse("2026-12-04T16:05:01Z");

  private ArtifactTestClock() {}
}
