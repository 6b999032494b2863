package io.recsys.core.artifact;

import java.io.IOException;

/**
 * Turns a published version into the in-memory thing a service serves (an embedding table, an index,
 * an ONNX session), refusing it when it is not valid. Called by {@link ServingArtifact} off the request
 * path, one load at a time; an implementation needs no thread safety of its own for that, but the
 * value it returns is read by many request threads at once and must be safe for that.
 *
 * @param <T> the loaded value
 */
@FunctionalInterface
public interface ArtifactLoader<T> {
  /**
   * Loads and validates {@code version}. When {@link ServingArtifact} calls it, the manifest has been
   * read and every file's size and SHA-256 checked; what is left is the loader's own validation (shape,
   * dimensions, feature schema, agreement between files). Read files through
   * {@link ArtifactVersion#file(String)}; do not change them.
   *
   * @return the value, never null
   * @throws IOException or any runtime exception when the version cannot be read or is not valid; the
   *     version is then refused and the one being served stays
   */
  T load(ArtifactVersion version) throws IOException;
}
