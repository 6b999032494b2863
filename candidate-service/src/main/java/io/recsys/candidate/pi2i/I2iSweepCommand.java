package io.recsys.candidate.pi2i;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.RowErrors;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./recsys i2i-sweep}: the IBS list-length sweep on a dataset. Splits leave-last-out, builds the
 * item-to-item lists on the training data only (at the largest length; shorter lengths are the same
 * lists cut), and prints HitRate@N with what each N costs, then the knee ({@link HitRateSweep#knee}).
 * Bad data is reported as file:line with a non-zero exit, like every {@code ./recsys} command.
 */
@Command(name = "i2i-sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sweeps the item-to-item list length N: HitRate@N = share of users whose held-out next item"
        + " (leave-last-out) is in the union of their newest triggers' lists cut to N, with index entries and"
        + " mean candidates per user; prints the knee (smallest N within --tolerance of the best).",
    footer = {"", "Example:", "  ./recsys i2i-sweep --data ../shared/datasets/ml-100k --method swing"})
public final class I2iSweepCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset directory (any format ./recsys import reads)")
  Path data;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "auto (default: detect), movielens-100k, movielens-dat, movielens-csv, recbole or generic")
  String format;

  @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
      description = "malformed rows: fail (default) or skip and count")
  ErrorPolicy onError;

  @Option(names = "--method", defaultValue = "swing", description = "swing (default) or cooccurrence")
  String method;

  @Option(names = "--triggers", defaultValue = "10", description = "newest training items per user whose lists are unioned (default ${DEFAULT-VALUE})")
  int triggers;

  @Option(names = "--lengths", split = ",", paramLabel = "N", description = "list lengths, ascending (default 10,25,50,100,200,400,800)")
  int[] lengths = {10, 25, 50, 100, 200, 400, 800};

  @Option(names = "--tolerance", defaultValue = "" + HitRateSweep.DEFAULT_TOLERANCE, description = "knee: absolute HitRate below the best that still counts (default ${DEFAULT-VALUE})")
  double tolerance;

  @Option(names = "--min-interactions", defaultValue = "5", description = "drop users with fewer distinct items (default ${DEFAULT-VALUE})")
  int minInteractions;

  @Option(names = "--swing-alpha", description = "Swing smoothing alpha (default " + I2iConfig.DEFAULT_SWING_ALPHA + ")")
  double swingAlpha = I2iConfig.DEFAULT_SWING_ALPHA;

  @Option(names = "--max-items-per-user", description = "newest items kept per user (default " + I2iConfig.DEFAULT_MAX_ITEMS_PER_USER + ")")
  int maxItemsPerUser = I2iConfig.DEFAULT_MAX_ITEMS_PER_USER;

  @Option(names = "--window", description = "co-occurrence window in positions, 0 = whole history (default " + I2iConfig.DEFAULT_COOCCURRENCE_WINDOW + ")")
  int window = I2iConfig.DEFAULT_COOCCURRENCE_WINDOW;

  @Option(names = "--threads", description = "build threads (default: the number of processors)")
  int threads = I2iConfig.DEFAULT_THREADS;

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with its error handling, as {@link #main} runs it. */
  public static CommandLine commandLine() {
    return CliErrorHandler.commandLine(new I2iSweepCommand());
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Every argument is checked before the data is loaded: a typo should not cost a load.
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 1 || (i > 0 && sorted[i] == sorted[i - 1])) {
        throw new IllegalArgumentException("--lengths must be distinct positive numbers: " + Arrays.toString(lengths));
      }
    }
    if (triggers < 1) throw new IllegalArgumentException("--triggers must be >= 1: " + triggers);
    if (minInteractions < 2) throw new IllegalArgumentException("--min-interactions must be >= 2 for leave-last-out: " + minInteractions);
    I2iConfig config = new I2iConfig(I2iMethod.parse(method), sorted[sorted.length - 1], swingAlpha, maxItemsPerUser,
        threads, window);
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("--tolerance must be a finite number >= 0: " + tolerance);
    }
    if (!Files.exists(data)) throw new NoSuchFileException(data.toString(), null, "--data: no such directory");
    if (!Files.isDirectory(data)) throw new NotDirectoryException(data.toString());
    DatasetFormat given = format.equalsIgnoreCase("auto") ? null : DatasetFormat.parse(format);

    err.println("loading " + data + " ...");
    RowErrors errors = new RowErrors(onError);
    Dataset dataset = Datasets.load(data, given, errors);
    UserSequences all = UserSequences.of(dataset, UserSequences.defaultPositiveTypes(), ItemOrder.of(dataset.items()));
    Split split = SplitProtocol.LEAVE_LAST_OUT.split(all, minInteractions, 0, 0);
    int testUsers = split.testUsers().length;
    if (testUsers == 0) {
      throw new IllegalArgumentException("no user has " + minInteractions + " or more distinct items to hold one out");
    }
    if (errors.skipped() > 0) {
      err.println("skipped " + errors.skipped() + " malformed rows: " + errors.countByReason());
    }
    err.printf(Locale.ROOT, "%d interactions, %d users, %d items; %d users under test%n", dataset.size(),
        dataset.users().size(), dataset.items().size(), testUsers);
    err.println("building " + config.method().cliName() + " lists (N = " + config.listLength() + ") on training data ...");
    long t0 = System.nanoTime();
    ItemToItemIndex full = ItemToItemIndex.build(split.train(), config, (done, total) -> {});
    long buildMs = (System.nanoTime() - t0) / 1_000_000;
    List<HitRateSweep.Point> curve = HitRateSweep.sweep(full, split.train(), split.test(), triggers, sorted);

    out.printf(Locale.ROOT, "i2i-sweep %s, method %s, %d triggers, leave-last-out, %d test users%n", data,
        config.method().cliName(), triggers, testUsers);
    out.printf(Locale.ROOT, "%6s | %10s | %10s | %15s | %8s%n", "N", "HitRate@N", "entries", "mean candidates", "build ms");
    for (HitRateSweep.Point p : curve) {
      // The lists were built once at the largest N; an N's cost is that build plus cutting the lists.
      long c0 = System.nanoTime();
      full.truncated(p.listLength());
      long ms = buildMs + (System.nanoTime() - c0) / 1_000_000;
      out.printf(Locale.ROOT, "%6d | %10.4f | %10d | %15.1f | %8d%n", p.listLength(), p.hitRate(), p.entries(),
          p.meanCandidates(), ms);
    }
    int knee = HitRateSweep.knee(curve, tolerance);
    out.printf(Locale.ROOT, "knee: N = %d (smallest N within %.3f of the best HitRate)%n", knee, tolerance);
    out.flush();
    return 0;
  }
}
