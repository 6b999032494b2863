package io.recsys.core.dataset.cli;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.cli.PeakHeap;
import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.RowErrors;
import io.recsys.core.dataset.User;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recsys import}: reads a dataset directory (MovieLens 100K, 1M/10M, latest/25M/32M, RecBole
 * atomic files or generic events), validates every row, optionally writes it in the canonical format,
 * and prints a summary. Streams in bounded memory: only the sets of distinct user and item ids grow
 * with the data.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import a dataset directory into the canonical event format (or just validate it).")
public final class ImportCommand implements Callable<Integer> {
  /** Interactions between two progress lines on stderr. */
  static final long PROGRESS_EVERY = 1_000_000;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory to read.")
  Path data;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "auto (default: detect from the files), movielens-100k, movielens-dat, movielens-csv, recbole"
          + " or generic.")
  String format;

  @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
      description = "fail (default): stop at the first malformed row; skip: skip and count malformed rows.")
  ErrorPolicy onError;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write the canonical format (events.csv, items.jsonl, users.jsonl) here; without it the"
          + " data is only validated and summarised.")
  Path out;

  @Spec
  CommandSpec spec;

  /** Interactions between progress lines; tests lower it. */
  long progressEvery = PROGRESS_EVERY;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with its error handling, as {@link #main} runs it. */
  public static CommandLine commandLine() {
    return commandLine(new ImportCommand());
  }

  static CommandLine commandLine(ImportCommand command) {
    return CliErrorHandler.commandLine(command);
  }

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(data)) throw new IllegalArgumentException("--data is not a directory: " + data);
    if (out != null && Files.isDirectory(out) && Files.isSameFile(data, out)) {
      throw new IllegalArgumentException("--out must differ from --data (it would overwrite the input): " + out);
    }
    DatasetFormat given = format.equalsIgnoreCase("auto") ? null : DatasetFormat.parse(format);
    DatasetFormat resolved = DatasetFormat.resolve(data, given);
    PrintWriter err = spec.commandLine().getErr();
    RowErrors errors = new RowErrors(onError);

    PeakHeap.reset();
    long start = System.nanoTime();
    ImportStats stats;
    List<String> notes;
    if (out == null) {
      stats = new ImportStats(DISCARD, err, progressEvery, start);
      notes = resolved.reader().read(data, stats, errors);
    } else {
      try (CanonicalDatasetWriter writer = new CanonicalDatasetWriter(out)) {
        stats = new ImportStats(writer, err, progressEvery, start);
        notes = resolved.reader().read(data, stats, errors);
      }
    }
    long elapsed = System.nanoTime() - start;
    new ImportSummary(data, resolved, stats, errors, notes, elapsed, PeakHeap.usedBytes(), out)
        .print(spec.commandLine().getOut());
    return 0;
  }

  /** The sink of a validate-only run: rows are counted by {@link ImportStats} and dropped. */
  private static final DatasetSink DISCARD = new DatasetSink() {
    @Override
    public void interaction(Interaction interaction) {}

    @Override
    public void item(Item item) {}

    @Override
    public void user(User user) {}
  };
}
