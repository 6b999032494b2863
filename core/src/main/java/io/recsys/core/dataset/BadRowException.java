package io.recsys.core.dataset;

import java.nio.file.Path;

/**
 * A row of an input file that cannot be read, with where it is and why. The message reads
 * {@code file:line: reason}, the form editors and terminals turn into a link.
 */
public final class BadRowException extends RuntimeException {
  private final Path file;
  private final long line;
  private final String reason;

  public BadRowException(Path file, long line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  /** 1-based line number in {@link #file()}. */
  public long line() {
    return line;
  }

  public String reason() {
    return reason;
  }
}
