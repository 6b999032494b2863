package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a dataset directory into memory in one call, for modules that need the whole dataset
 * (evaluation, training). Streaming consumers use {@link DatasetFormat#reader()} with their own sink.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * Reads {@code dir} into an in-memory {@link Dataset}.
   *
   * @param format the format, or null to {@link DatasetFormat#detect detect} it
   * @param policy what to do with malformed rows; under {@link ErrorPolicy#SKIP} they are dropped
   *     uncounted, so callers that must report them use {@link #load(Path, DatasetFormat, RowErrors)}
   */
  public static Dataset load(Path dir, DatasetFormat format, ErrorPolicy policy) throws IOException {
    return load(dir, format, new RowErrors(policy));
  }

  /** As {@link #load(Path, DatasetFormat, ErrorPolicy)}, counting skipped rows in {@code errors}. */
  public static Dataset load(Path dir, DatasetFormat format, RowErrors errors) throws IOException {
    Dataset.Builder builder = Dataset.builder();
    DatasetFormat.resolve(dir, format).reader().read(dir, builder, errors);
    return builder.build();
  }
}
