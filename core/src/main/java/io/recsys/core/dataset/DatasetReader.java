package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams one dataset directory, in one source format, into a {@link DatasetSink}. Implementations
 * read the interaction file row by row and never hold it in memory, so the sink decides what is kept.
 * Malformed rows go to the {@link RowErrors} (which throws or counts them); problems that are not one
 * row's fault (a missing or empty file, a wrong header) throw an exception naming the file.
 *
 * <p>{@link DatasetFormat} lists the implementations and picks one for a directory. Implementations
 * are stateless between calls and may be shared, but one call is single-threaded.
 */
public interface DatasetReader {
  /**
   * Streams the dataset in {@code dir} into {@code sink}.
   *
   * @return notes on how the source was interpreted that a user should see in the import summary (a
   *     missing optional file, a synthesized timestamp, ...); empty when there is nothing to say
   * @throws BadRowException for a malformed row under {@link ErrorPolicy#FAIL}, or a header or file
   *     structure that cannot be read past
   * @throws IllegalArgumentException naming the file when a required file is missing or empty
   */
  List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException;
}
