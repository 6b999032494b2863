package io.recsys.core.artifact;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An artefact that cannot be published, found, read or trusted. The message starts with the file or
 * folder at fault ({@code <path>: <what is wrong>}), which {@link #path()} also returns. Immutable,
 * thread-safe.
 */
public class ArtifactException extends RuntimeException {
  private final Path path;

  public ArtifactException(Path path, String message) {
    this(path, message, null);
  }

  public ArtifactException(Path path, String message, Throwable cause) {
    super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(message, "message"), cause);
    this.path = path;
  }

  /** The file or folder at fault. */
  public Path path() {
    return path;
  }
}
