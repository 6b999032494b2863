package io.recsys.core.synthetic;

import io.recsys.core.dataset.CanonicalDatasetWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Generates a dataset into a directory: the canonical format ({@link CanonicalDatasetWriter}:
 * events.csv, items.jsonl, users.jsonl) plus the ground truth ({@link TruthWriter}: truth/). Events
 * are streamed, so memory stays at the catalogue's size whatever the event count. Events are grouped
 * by user and in time order within a user, not globally sorted by time.
 *
 * <p>Stateless; each call is independent.
 */
public final class SyntheticDatasetWriter {
  private SyntheticDatasetWriter() {}

  /** Listens to the phases of a run, for progress output. */
  public interface Phases extends ProgressListener {
    default void catalogReady(Catalog catalog) {}
  }

  /**
   * Writes the dataset of {@code config} to {@code dir} (created if needed; files of the same names
   * are overwritten).
   */
  public static GenerationCounts write(SyntheticConfig config, Path dir, Phases phases) throws IOException {
    SyntheticDatasetGenerator generator = new SyntheticDatasetGenerator(config);
    phases.catalogReady(generator.catalog());
    GenerationCounts counts;
    try (CanonicalDatasetWriter dataset = new CanonicalDatasetWriter(dir);
        TruthWriter truth = new TruthWriter(dir)) {
      truth.catalog(generator.catalog());
      counts = generator.generate(dataset, truth::user, phases);
    }
    TruthWriter.manifest(dir, config, counts);
    return counts;
  }

  public static GenerationCounts write(SyntheticConfig config, Path dir) throws IOException {
    return write(config, dir, (written, target) -> {});
  }
}
