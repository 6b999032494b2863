package io.recsys.core.artifact;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the files of a new version for {@link ArtifactStore#publish}. Called once, on the publishing
 * thread; an implementation needs no thread safety.
 */
@FunctionalInterface
public interface ArtifactWriter {
  /**
   * Writes every file of the version below {@code dir}, an empty temporary folder on the store's file
   * system; subfolders are fine. Regular files only (no links), never {@code manifest.json} at the top
   * (the store writes it), every file closed on return. The store measures, hashes and flushes what is
   * there afterwards; throwing abandons the version.
   */
  void write(Path dir) throws IOException;
}
