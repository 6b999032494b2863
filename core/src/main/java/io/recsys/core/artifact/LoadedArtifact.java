package io.recsys.core.artifact;

import java.util.Objects;

/**
 * A version and the value loaded from it, swapped together as one reference by
 * {@link ServingArtifact}; a request that takes one keeps a consistent pair however many swaps happen
 * meanwhile. Immutable (the value is as immutable as the loader makes it), thread-safe.
 *
 * @param version the version the value was loaded from
 * @param value what {@link ArtifactLoader#load} returned
 * @param <T> the loaded value
 */
public record LoadedArtifact<T>(ArtifactVersion version, T value) {
  public LoadedArtifact {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(value, "value");
  }
}
