package io.recsys.core.dataset.cli;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.cli.PeakHeap;
import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.DatasetReader;
import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.EventMapping;
import io.recsys.core.dataset.EventMappings;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.GenericEventReader;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.MappedEventReader;
import io.recsys.core.dataset.RowErrors;
import io.recsys.core.dataset.User;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recsys import}: reads a dataset directory (MovieLens 100K, 1M/10M, latest/25M/32M, RecBole
 * atomic files, generic events, or a public log through a preset), or a deployment's own event file
 * described by {@code --map}/{@code --columns}/{@code --mapping}, validates every row, optionally
 * writes it in the canonical format, and prints a summary. Streams in bounded memory: only the sets of
 * distinct user and item ids (and, for mapped files, the item metadata on event rows) grow with the
 * data.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import a dataset directory into the canonical event format (or just validate it).")
public final class ImportCommand implements Callable<Integer> {
  /** Interactions between two progress lines on stderr. */
  static final long PROGRESS_EVERY = 1_000_000;

  @Option(names = "--data", required = true, paramLabel = "DIR|FILE",
      description = "Dataset directory to read; with a preset or a mapping, also one event file.")
  Path data;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "auto (default: detect from the files), movielens-100k, movielens-dat, movielens-csv, recbole,"
          + " generic, or a preset: retailrocket, taobao, yoochoose, lastfm-1k, amazon-ratings.")
  String format;

  @Option(names = "--map", split = ",", paramLabel = "FIELD=COLUMN",
      description = "Which column holds each field (userId, itemId, type, timestamp, value, session, category, price,"
          + " title), e.g. userId=user_id,type=behavior_type; COLUMN|COLUMN takes the first non-empty.")
  List<String> map;

  @Option(names = "--columns", split = ",", paramLabel = "NAME",
      description = "The file has no header; these are its columns in order (field names, or any name to --map; _ to"
          + " ignore one), e.g. user,item,category,type,timestamp.")
  List<String> columns;

  @Option(names = "--mapping", paramLabel = "FILE",
      description = "A mapping file (key = value lines: file, columns, delimiter, time-unit, FIELD = COLUMN, types.NAME"
          + " = TYPE); flags given beside it win.")
  Path mappingFile;

  @Option(names = "--delimiter", paramLabel = "D",
      description = "Field delimiter of a mapped file: auto (default: from line 1), comma, tab, ::, semicolon, pipe.")
  String delimiter;

  @Option(names = "--time-unit", paramLabel = "UNIT",
      description = "Timestamps of a mapped file: auto (default: ISO-8601, or epoch ms from 1e11 and s below), s, ms,"
          + " iso.")
  String timeUnit;

  @Option(names = "--types", paramLabel = "FILE",
      description = "Event-type registry file layered over the defaults (NAME = TYPE[, weight=W][, positive=B] lines);"
          + " default: $" + EventTypeRegistry.ENV_VARIABLE + ".")
  Path typesFile;

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

  /** Where {@link EventTypeRegistry#ENV_VARIABLE} is looked up; tests replace it. */
  Map<String, String> environment = System.getenv();

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

  /** The reader chosen for the arguments, and the name the summary gives it. */
  /** The reader, its format's name, and for event files the type registry it reads with (else null). */
  private record Choice(DatasetReader reader, String name, EventTypeRegistry types) {}

  @Override
  public Integer call() throws IOException {
    boolean isFile = Files.isRegularFile(data);
    if (!isFile && !Files.isDirectory(data)) throw new IllegalArgumentException("--data is not a directory: " + data);
    Path dir = isFile ? data.toAbsolutePath().getParent() : data;
    if (out != null && Files.isDirectory(out) && Files.isSameFile(dir, out)) {
      throw new IllegalArgumentException("--out must differ from --data" + (isFile ? "'s directory" : "")
          + " (it would overwrite the input): " + out);
    }
    Choice choice = choose(isFile, dir);
    PrintWriter err = spec.commandLine().getErr();
    RowErrors errors = new RowErrors(onError);

    PeakHeap.reset();
    long start = System.nanoTime();
    ImportStats stats;
    List<String> notes;
    if (out == null) {
      stats = new ImportStats(DISCARD, err, progressEvery, start);
      notes = choice.reader().read(dir, stats, errors);
    } else {
      try (CanonicalDatasetWriter writer = new CanonicalDatasetWriter(out)) {
        stats = new ImportStats(writer, err, progressEvery, start);
        notes = choice.reader().read(dir, stats, errors);
      }
    }
    long elapsed = System.nanoTime() - start;
    new ImportSummary(data, choice.name(), stats, errors, notes, elapsed, PeakHeap.usedBytes(), out)
        .print(spec.commandLine().getOut());
    if (out != null && choice.types() != null) {
      // The names this import accepted, for the live API: the feature store reads the same file.
      Path typesOut = out.resolve(EventTypeRegistry.FILE_NAME);
      choice.types().write(typesOut, "used by ./recsys import --data " + data + " (" + choice.name() + ")");
      spec.commandLine().getOut().printf(Locale.ROOT, "types:         %s (as %s, the live API accepts the same type names)%n",
          typesOut, EventTypeRegistry.ENV_VARIABLE);
    }
    return 0;
  }

  private Choice choose(boolean isFile, Path dir) throws IOException {
    DatasetFormat given = format.equalsIgnoreCase("auto") ? null : DatasetFormat.parse(format);
    boolean mappingFlags = map != null || columns != null || mappingFile != null || delimiter != null || timeUnit != null;
    if (mappingFlags && given != null && !given.isPreset() && given != DatasetFormat.GENERIC) {
      throw new IllegalArgumentException("--map, --columns, --mapping, --delimiter and --time-unit apply to event files"
          + " (--format generic, a preset, or none), not to " + given.cliName());
    }
    DatasetFormat preset = given != null && given.isPreset() ? given : null;
    if (!mappingFlags && preset == null) {
      if (isFile) {
        throw new IllegalArgumentException("--data is a file: name its layout with --format PRESET, or describe it"
            + " with --map, --columns or --mapping (the other formats read a directory): " + data);
      }
      DatasetFormat resolved = DatasetFormat.resolve(dir, given);
      if (resolved.isPreset()) {
        preset = resolved;
      } else if (resolved == DatasetFormat.GENERIC) {
        EventTypeRegistry types = EventTypeRegistry.configured(typesFile, environment);
        return new Choice(new GenericEventReader(types), resolved.cliName(), types);
      } else {
        if (typesFile != null) {
          throw new IllegalArgumentException("--types applies to event files (generic, presets, mapped), not to "
              + resolved.cliName() + ", whose rows are all ratings");
        }
        return new Choice(resolved.reader(), resolved.cliName(), null);
      }
    }
    EventMapping mapping = EventMappings.of(preset == null ? null : preset.cliName(), mappingFile, map, columns,
        delimiter, timeUnit);
    EventTypeRegistry types = EventTypeRegistry.configured(mapping.types(EventTypeRegistry.defaults()), typesFile,
        environment);
    return new Choice(new MappedEventReader(mapping, types, isFile ? data : null), mapping.name(), types);
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
