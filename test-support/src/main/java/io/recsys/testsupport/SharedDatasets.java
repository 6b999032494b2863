package io.recsys.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared MovieLens copy that sits beside the repository ({@code ../shared/datasets}). It is
 * never part of the repository (its licence forbids redistribution), so tests that need it skip with a
 * message when it is absent. Override with {@code -Drecsys.shared.dir} or {@code RECSYS_SHARED_DIR}.
 */
public final class SharedDatasets {
  private SharedDatasets() {}

  /** The MovieLens 100K directory, or a skipped test when it is not there. */
  public static Path movieLens100k() {
    String configured = System.getenv("RECSYS_SHARED_DIR");
    if (configured == null || configured.isBlank()) configured = System.getProperty("recsys.shared.dir", "../../shared");
    Path dir = Path.of(configured).resolve("datasets/ml-100k").toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("ml-100k.inter"))) {
      String reason = "MovieLens 100K not found at " + dir + " (set RECSYS_SHARED_DIR to the folder holding datasets/); real-data test skipped";
      // Maven prints only "Skipped: N" for assumptions; the reason goes to the build output as well.
      System.err.println("SKIPPED: " + reason);
      assumeTrue(false, reason);
    }
    return dir;
  }
}
