package io.recsys.evaluation.cli;

import io.recsys.evaluation.Evaluator;
import io.recsys.evaluation.baseline.Baseline;
import io.recsys.evaluation.baseline.RecommendationFile;
import io.recsys.evaluation.baseline.Recommender;
import io.recsys.evaluation.fairness.ExposureFairness;
import io.recsys.evaluation.fairness.ExposureFairnessReport;
import io.recsys.evaluation.metrics.IntraListDiversity;
import io.recsys.evaluation.report.EvaluationReport;
import io.recsys.evaluation.report.ReportTable;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.RowErrors;
import io.recsys.core.cli.CliErrorHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./recsys eval}: scores a recommendation file, or one of the reference baselines, on a
 * dataset under a split protocol (leave-last-out by default) and prints accuracy, beyond-accuracy and
 * exposure-fairness measures.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Scores recommendations on a dataset with the standard offline protocol: each user's last"
        + " item (by time, ties by item id) is held out, already-seen items are excluded, lists are cut at K."
        + " Score any tool's output with --recs (CSV userId,itemId,rank) or a reference baseline with --baseline.",
    footer = {"", "Examples:",
        "  ./recsys eval --data ../shared/datasets/ml-100k --baseline transition",
        "  ./recsys eval --data data/synthetic --recs recs.csv --json report.json"})
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset directory (any format ./recsys import reads)")
  Path data;

  @Option(names = "--format", paramLabel = "FORMAT", description = "force the dataset format instead of detecting it")
  String format;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--recs", paramLabel = "FILE", description = "recommendations to score: CSV userId,itemId,rank (header optional)")
    Path recs;

    @Option(names = "--baseline", paramLabel = "NAME", description = "reference baseline: pop, itemknn or transition")
    String baseline;
  }

  @Option(names = "--split", defaultValue = "leave-last-out", description = "leave-last-out (default), temporal or random")
  String split;

  @Option(names = "--test-fraction", defaultValue = "0.2", description = "share held out by temporal and random splits (default ${DEFAULT-VALUE})")
  double testFraction;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the random split (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--min-interactions", defaultValue = "5", description = "drop users with fewer distinct items (default ${DEFAULT-VALUE})")
  int minInteractions;

  @Option(names = "--positive-types", split = ",", paramLabel = "TYPE",
      description = "event types that count as positive feedback, by any name the type registry knows "
          + "(default: the registry's positive types; with the shipped registry every type but impression)")
  List<String> positiveTypes;

  @Option(names = "--types", paramLabel = "FILE",
      description = "event-type registry file layered over the defaults, as import takes it; default: $"
          + EventTypeRegistry.ENV_VARIABLE)
  Path typesFile;

  @Option(names = "--k", split = ",", paramLabel = "K", description = "cutoffs (default 10,20,50,200)")
  int[] cutoffs = Evaluator.DEFAULT_CUTOFFS;

  @Option(names = "--list-k", defaultValue = "10", description = "cutoff for coverage, diversity, novelty and fairness (default ${DEFAULT-VALUE})")
  int listCutoff;

  @Option(names = "--threads", description = "scoring threads (default: the number of processors)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
      description = "malformed rows in the data or the recs file: fail (default) or skip and count")
  ErrorPolicy onError;

  @Option(names = "--embeddings", paramLabel = "FILE",
      description = "item embeddings (CSV itemId,v1,...,vd) for diversity by embedding; a synthetic dataset's truth/ is used by default")
  Path embeddings;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
  Path json;

  @Option(names = "--write-recs", paramLabel = "FILE", description = "also write the scored lists as CSV userId,itemId,rank")
  Path writeRecs;

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with its error handling, as {@link #main} runs it. */
  public static CommandLine commandLine() {
    return CliErrorHandler.commandLine(new EvalCommand());
  }

  /**
   * Every file argument is checked before the dataset is loaded: loading a large dataset takes
   * minutes, and a typo in {@code --recs} should not cost them.
   */
  private void checkFiles() throws IOException {
    if (!Files.exists(data)) throw new NoSuchFileException(data.toString(), null, "--data: no such directory");
    if (!Files.isDirectory(data)) throw new NotDirectoryException(data.toString());
    readable("--recs", source.recs);
    readable("--embeddings", embeddings);
    writable("--json", json);
    writable("--write-recs", writeRecs);
  }

  private static void readable(String option, Path file) throws IOException {
    if (file == null) return;
    if (!Files.exists(file)) throw new IllegalArgumentException(option + ": no such file: " + file);
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(option + ": not a regular file: " + file);
    if (!Files.isReadable(file)) throw new IllegalArgumentException(option + ": permission denied: " + file);
  }

  private static void writable(String option, Path file) {
    if (file == null) return;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(option + ": the folder " + parent + " does not exist");
    }
    if (Files.isDirectory(file)) throw new IllegalArgumentException(option + ": is a directory: " + file);
  }

  @Override
  public Integer call() throws IOException {
    long start = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ErrorPolicy policy = onError;
    SplitProtocol protocol = SplitProtocol.parse(split);
    Set<InteractionType> positives = positiveTypes();
    checkFiles();

    err.println("loading " + data + " ...");
    RowErrors dataErrors = new RowErrors(policy);
    Dataset dataset = Datasets.load(data, format == null ? null : DatasetFormat.parse(format), dataErrors);
    ItemOrder order = ItemOrder.of(dataset.items());
    UserSequences all = UserSequences.of(dataset, positives, order);
    Split s = protocol.split(all, minInteractions, testFraction, seed);
    err.printf("%d interactions, %d users, %d items; %d users under test%n", dataset.size(),
        dataset.users().size(), dataset.items().size(), s.testUsers().length);
    if (s.testUsers().length == 0) {
      throw new IllegalArgumentException("no user has enough interactions to be tested (--min-interactions "
          + minInteractions + ", positive types " + positives + ")");
    }

    List<String> notes = new ArrayList<>();
    if (dataErrors.skipped() > 0) {
      notes.add("skipped " + dataErrors.skipped() + " malformed dataset rows: " + dataErrors.countByReason()
          + ", first at " + dataErrors.firstSeenAt());
    }
    Recommender recommender;
    String name;
    RecommendationFile file = null;
    if (source.recs != null) {
      RowErrors errors = new RowErrors(policy);
      file = RecommendationFile.read(source.recs, dataset, s.train(), errors);
      recommender = file;
      name = "file " + source.recs;
      if (errors.skipped() > 0) notes.add("skipped " + errors.skipped() + " malformed rows of the recs file: " + errors.countByReason());
      if (file.unknownUserRows() > 0) notes.add(file.unknownUserRows() + " rows name users not in the dataset (ignored)");
      int missing = 0;
      for (int u : s.testUsers()) if (!file.hasList(u)) missing++;
      if (missing > 0) notes.add(missing + " test users have no list in the file (counted as misses)");
    } else {
      Baseline b = Baseline.parse(source.baseline);
      err.println("building baseline " + b.cliName() + " ...");
      recommender = b.create(s.train(), order);
      name = "baseline " + b.cliName();
    }

    ItemEmbeddings vectors = embeddings != null ? ItemEmbeddings.fromCsv(embeddings, dataset)
        : ItemEmbeddings.fromGroundTruth(data, dataset);
    float[][] byItem = null;
    if (vectors != null && vectors.missing() > 0) {
      notes.add("diversity by embedding not computed: " + vectors.missing() + " items have no vector in " + vectors.source());
    } else if (vectors != null) {
      byItem = vectors.byItem();
      notes.add("embeddings from " + vectors.source());
    }
    IntraListDiversity diversity = IntraListDiversity.ofItemCategories(dataset, byItem);
    Evaluator evaluator = new Evaluator(cutoffs, listCutoff, diversity, threads);
    if (!diversity.hasCategories()) notes.add("the dataset has no item categories: diversity by category is 0");
    int testUsers = s.testUsers().length;
    Evaluator.Result result = evaluator.evaluate(s, recommender, done -> err.printf("  %d / %d users%n", done, testUsers));
    if (file != null && file.seenItemsDropped() > 0) {
      notes.add(file.seenItemsDropped() + " listed items were already seen in training and were dropped before cutting at K");
    }
    if (result.shortLists() > 0) notes.add(result.shortLists() + " test users got fewer items than the largest cutoff");

    ExposureFairnessReport fairness = exposureFairness(result.topLists(), dataset.items().size(), listCutoff, notes);
    EvaluationReport report = new EvaluationReport(data.toString(), name, s.protocol(), dataset.users().size(),
        dataset.items().size(), result.testUsers(), result.shortLists(), result.accuracy(), result.beyond(), fairness,
        notes, (System.nanoTime() - start) / 1_000_000);
    out.print(ReportTable.render(report));
    out.flush();
    if (json != null) {
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(json.toFile(), report);
      err.println("wrote " + json);
    }
    if (writeRecs != null) {
      writeLists(writeRecs, dataset, s, recommender);
      err.println("wrote " + writeRecs);
    }
    return 0;
  }

  /**
   * The explicit list (names resolved through the registry, so a deployment's own names work), or the
   * registry's positive types: the deployment says once, in its registry, what counts as feedback.
   */
  private Set<InteractionType> positiveTypes() throws IOException {
    EventTypeRegistry registry = EventTypeRegistry.configured(typesFile, System.getenv());
    if (positiveTypes == null || positiveTypes.isEmpty()) {
      Set<InteractionType> fromRegistry = registry.positiveTypes();
      if (fromRegistry.isEmpty()) {
        throw new IllegalArgumentException("the event-type registry marks no type positive: nothing could count as a hit"
            + " (set positive=true on a type, or pass --positive-types)");
      }
      return fromRegistry;
    }
    Set<InteractionType> set = EnumSet.noneOf(InteractionType.class);
    for (String t : positiveTypes) {
      EventTypeRegistry.Alias alias = registry.resolve(t);
      if (alias == null) {
        throw new IllegalArgumentException("--positive-types: unknown type '" + t + "' (accepted: " + registry.acceptedNames() + ")");
      }
      set.add(alias.type());
    }
    return set;
  }

  /** Fairness needs lists of equal length: users with shorter lists are left out, and that is noted. */
  private static ExposureFairnessReport exposureFairness(int[][] lists, int items, int k, List<String> notes) {
    int full = 0;
    for (int[] l : lists) if (l.length == k) full++;
    if (full == 0 || k > items) {
      notes.add("exposure fairness not computed: no user has a full top-" + k + " list");
      return null;
    }
    int[][] kept = new int[full][];
    int i = 0;
    for (int[] l : lists) if (l.length == k) kept[i++] = l;
    if (full < lists.length) notes.add("exposure fairness over the " + full + " users with a full top-" + k + " list");
    return ExposureFairness.evaluate(kept, items);
  }

  private void writeLists(Path file, Dataset dataset, Split s, Recommender recommender) throws IOException {
    int maxK = Arrays.stream(cutoffs).max().orElse(listCutoff);
    int[] list = new int[Math.max(maxK, listCutoff)];
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("userId,itemId,rank\n");
      for (int u : s.testUsers()) {
        int n = recommender.recommend(u, list.length, list);
        for (int r = 0; r < n; r++) {
          w.write(csv(dataset.users().id(u)) + "," + csv(dataset.items().id(list[r])) + "," + (r + 1) + "\n");
        }
      }
    }
  }

  private static String csv(String field) {
    boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0;
    return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
