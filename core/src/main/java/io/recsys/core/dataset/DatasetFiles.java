package io.recsys.core.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the files a reader needs in a dataset directory, failing with the file's name. Stateless. */
final class DatasetFiles {
  private DatasetFiles() {}

  /**
   * The file {@code name} in {@code dir}.
   *
   * @throws IllegalArgumentException naming the file and the format that needs it when it is absent
   */
  static Path require(Path dir, String name, String format) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("missing required file " + file + " (" + format + " needs " + name + ")");
    }
    return file;
  }

  /** The file {@code name} in {@code dir}, or null when there is none. */
  static Path optional(Path dir, String name) {
    Path file = dir.resolve(name);
    return Files.isRegularFile(file) ? file : null;
  }

  /**
   * Whichever of two alternative files is present (e.g. {@code items.jsonl} or {@code items.csv}),
   * null when neither is.
   *
   * @throws IllegalArgumentException when both are, since it is unclear which one is meant
   */
  static Path oneOf(Path dir, String first, String second) {
    Path a = optional(dir, first);
    Path b = optional(dir, second);
    if (a != null && b != null) {
      throw new IllegalArgumentException(dir + " has both " + first + " and " + second + "; keep only one");
    }
    return a != null ? a : b;
  }
}
