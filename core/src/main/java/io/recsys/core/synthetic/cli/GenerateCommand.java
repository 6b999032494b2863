package io.recsys.core.synthetic.cli;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.cli.PeakHeap;
import io.recsys.core.synthetic.Catalog;
import io.recsys.core.synthetic.GenerationCounts;
import io.recsys.core.synthetic.SizePreset;
import io.recsys.core.synthetic.SyntheticConfig;
import io.recsys.core.synthetic.SyntheticDatasetWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./recsys generate}: writes a seeded synthetic dataset with its ground truth. Progress goes to
 * stderr every couple of seconds, the summary to stdout. A non-empty output directory is refused
 * unless {@code --force}, which overwrites the generator's own files and leaves any others alone.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Generates a seeded synthetic e-commerce dataset: latent topics, power-law",
        "popularity, multi-interest users, sessions with sequential drift and an",
        "impression -> click -> cart -> purchase funnel. Writes the canonical format",
        "(events.csv, items.jsonl, users.jsonl) and the ground truth (truth/).",
        "The same options always produce byte-identical files.",
        ""})
public final class GenerateCommand implements Callable<Integer> {
  private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
  Path out;

  @Option(names = "--size", defaultValue = "small", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "tiny, small, medium or large (default: ${DEFAULT-VALUE})")
  SizePreset size;

  @Option(names = "--items", paramLabel = "N", description = "number of items (overrides the preset)")
  Integer items;

  @Option(names = "--users", paramLabel = "N", description = "number of users (overrides the preset)")
  Integer users;

  @Option(names = "--events", paramLabel = "N", description = "exact number of events (overrides the preset)")
  Long events;

  @Option(names = "--topics", paramLabel = "N", description = "number of latent topics (overrides the preset)")
  Integer topics;

  @Option(names = "--dim", paramLabel = "D", description = "embedding dimension (default: 16)")
  Integer dim;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--force", description = "write into a non-empty --out, overwriting the generator's files")
  boolean force;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command wired with the shared error handler (tests use this too). */
  public static CommandLine commandLine() {
    return CliErrorHandler.commandLine(new GenerateCommand());
  }

  /**
   * The preset with the command line's overrides applied, all at once: one at a time would
   * reject valid combinations on the way (--users 10000 with the tiny preset's 5000 events before
   * --events is applied).
   */
  SyntheticConfig config() {
    SyntheticConfig p = size.config();
    return new SyntheticConfig(items != null ? items : p.items(), users != null ? users : p.users(),
        events != null ? events : p.events(), topics != null ? topics : p.topics(), dim != null ? dim : p.dim(),
        seed, p.model());
  }

  @Override
  public Integer call() throws IOException {
    PeakHeap.reset();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    SyntheticConfig config = config();
    checkOutput();

    long start = System.nanoTime();
    err.printf(Locale.ROOT, "generate: %s preset, %,d items, %,d users, %,d events, %d topics, dim %d, seed %d -> %s%n",
        size.cliName(), config.items(), config.users(), config.events(), config.topics(), config.dim(),
        config.seed(), out);
    err.flush();
    GenerationCounts counts = SyntheticDatasetWriter.write(config, out, new Progress(err, start));
    double seconds = (System.nanoTime() - start) / 1e9;

    stdout.printf(Locale.ROOT, "generated %,d events (%,d users, %,d items, %,d sessions) into %s%n",
        counts.events(), counts.users(), counts.items(), counts.sessions(), out);
    stdout.printf(Locale.ROOT, "  impressions %,d  clicks %,d  carts %,d  purchases %,d%n",
        counts.impressions(), counts.clicks(), counts.carts(), counts.purchases());
    stdout.printf(Locale.ROOT, "  elapsed %.1f s (%,.0f events/s), peak heap %,d MB, output %s%n",
        seconds, counts.events() / seconds, PeakHeap.usedBytes() >> 20, humanBytes(sizeOf(out)));
    stdout.flush();
    return 0;
  }

  private void checkOutput() throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
    }
    if (Files.isDirectory(out) && !force) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--out " + out + " is not empty (use --force to overwrite)");
        }
      }
    }
  }



  static String humanBytes(long bytes) {
    if (bytes < 1 << 20) return String.format(Locale.ROOT, "%,d KB", (bytes + 1023) >> 10);
    return String.format(Locale.ROOT, "%,.1f MB", bytes / (double) (1 << 20));
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Prints events written and the rate at most every two seconds. Not thread-safe. */
  private static final class Progress implements SyntheticDatasetWriter.Phases {
    private final PrintWriter err;
    private final long start;
    private long lastPrint;

    Progress(PrintWriter err, long start) {
      this.err = err;
      this.start = start;
      this.lastPrint = start;
    }

    @Override
    public void catalogReady(Catalog catalog) {
      err.printf(Locale.ROOT, "generate: catalogue of %,d items in %d topics built in %.1f s%n", catalog.items(),
          catalog.topics(), (System.nanoTime() - start) / 1e9);
      err.flush();
    }

    @Override
    public void eventsWritten(long written, long target) {
      long now = System.nanoTime();
      if (now - lastPrint < PROGRESS_INTERVAL_NANOS && written < target) return;
      lastPrint = now;
      double seconds = (now - start) / 1e9;
      err.printf(Locale.ROOT, "generate: %,d / %,d events (%.0f%%), %,.0f events/s%n", written, target,
          100.0 * written / target, written / seconds);
      err.flush();
    }
  }

  /** Parses --size, so that a wrong name is a usage error listing the choices. */
  static final class SizeConverter implements ITypeConverter<SizePreset> {
    @Override
    public SizePreset convert(String value) {
      try {
        return SizePreset.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
