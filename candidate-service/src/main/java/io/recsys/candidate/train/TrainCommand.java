package io.recsys.candidate.train;

import static io.recsys.candidate.model.CandidateArtifacts.*;

import io.recsys.candidate.embed.AlsModel;
import io.recsys.candidate.embed.ImplicitAls;
import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.index.HnswItemIndex;
import io.recsys.candidate.index.LuceneItemIndex;
import io.recsys.candidate.interest.InterestClusters;
import io.recsys.candidate.interest.InterestMixtures;
import io.recsys.candidate.interest.SphericalKMeans;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.model.ItemCatalog;
import io.recsys.candidate.model.Popularity;
import io.recsys.candidate.pi2i.ItemToItemIndex;
import io.recsys.core.artifact.ArtifactConfig;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.artifact.Fingerprint;
import io.recsys.core.artifact.ManifestInfo;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.RowErrors;
import io.recsys.core.train.ProgressPrinter;
import io.recsys.core.train.StageInputs;
import io.recsys.core.train.StageRunner;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./recsys train --data DIR [--out ARTIFACTS]}: the offline candidate stages, in order, each a
 * row of {@link #stages()}; each publishes a versioned artefact and is skipped when its inputs (data
 * fingerprint, upstream versions, configuration) are unchanged. Then, when {@code REDIS_URL} is set,
 * the feature-store load ({@link FeatureStoreLoad}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the retrieval models and publishes them as versioned artefacts:",
        "embeddings -> clusters -> mixtures -> ann-index -> i2i -> pi2i-scorer -> popularity -> candidate-bundle -> training-candidates.",
        "A stage whose inputs did not change is skipped. With REDIS_URL set, also loads the feature store",
        "(item metadata, embeddings, clusters, user histories, interest mixtures)."})
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset directory (any format ./recsys import reads)")
  Path data;

  @Option(names = "--format", paramLabel = "FORMAT", description = "force the dataset format instead of detecting it")
  String format;

  @Option(names = "--out", paramLabel = "ARTIFACTS", description = "artefact root (default: $RECSYS_ARTIFACTS or ./artifacts)")
  Path out;

  @Option(names = "--force", description = "train every stage even when its inputs are unchanged")
  boolean force;

  @Option(names = "--window", paramLabel = "M", defaultValue = "5",
      description = "each user's last M interactions get point-in-time training candidates (default ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--training-candidates", paramLabel = "N", defaultValue = "100",
      description = "candidates retrieved per training example (default ${DEFAULT-VALUE})")
  int trainingCandidates;

  @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
      description = "bad data rows: fail (default, names file:line) or skip and count them")
  ErrorPolicy onError;

  @Option(names = "--no-feature-store", description = "do not load the feature store even when REDIS_URL is set")
  boolean noFeatureStore;

  /** The ranker stage's options ({@code --ranker-*}, checked by that command): the launcher gives both one argument list. */
  @picocli.CommandLine.Unmatched
  List<String> rankerOptions = new ArrayList<>();

  private final PrintStream console;

  public TrainCommand() {
    this(System.out);
  }

  /** A command that prints its progress and table to {@code console} (tests, embedding callers). */
  public TrainCommand(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.exit(CliErrorHandler.commandLine(new TrainCommand()).execute(args));
  }

  /** What the stages share: the data, the store, the config, and the versions published so far. */
  private final class Run {
    final Dataset dataset;
    final UserSequences interactions;
    final ItemCatalog catalog;
    final String[] userIds;
    final Fingerprint fingerprint;
    final CandidateTrainingConfig config;
    final StageRunner runner;
    final Map<ArtifactKind, ArtifactVersion> versions = new LinkedHashMap<>();

    Run(Dataset dataset, Fingerprint fingerprint, CandidateTrainingConfig config, StageRunner runner) {
      this.dataset = dataset;
      this.fingerprint = fingerprint;
      this.config = config;
      this.runner = runner;
      this.interactions = UserSequences.of(dataset, UserSequences.defaultPositiveTypes(), ItemOrder.of(dataset.items()));
      this.catalog = ItemCatalog.of(dataset);
      this.userIds = new String[dataset.users().size()];
      for (int u = 0; u < userIds.length; u++) userIds[u] = dataset.users().id(u);
    }

    StageInputs inputs(String config, ArtifactKind... upstream) {
      Map<String, String> up = new LinkedHashMap<>();
      for (ArtifactKind k : upstream) up.put(k.name(), versions.get(k).name());
      return new StageInputs(fingerprint, up, config);
    }

    Path file(ArtifactKind kind, String name) {
      return versions.get(kind).file(name);
    }
  }

  @Override
  public Integer call() throws Exception {
    for (int i = 0; i < rankerOptions.size(); i++) {
      String a = rankerOptions.get(i);
      boolean value = !a.startsWith("-") && i > 0 && rankerOptions.get(i - 1).startsWith("--ranker-") && !rankerOptions.get(i - 1).contains("=");
      if (!a.startsWith("--ranker-") && !value) throw new IllegalArgumentException(
          "unknown option '" + a + "' (see ./recsys train --help)");
    }
    ArtifactConfig artifacts = ArtifactConfig.fromEnvironment();
    if (out != null) artifacts = artifacts.withRoot(out);
    CandidateTrainingConfig config = CandidateTrainingConfig.defaults().withWindow(window)
        .withTrainingCandidates(trainingCandidates);

    long t0 = System.nanoTime();
    console.println("loading " + data + " ...");
    RowErrors errors = new RowErrors(onError);
    Dataset dataset = Datasets.load(data, format == null ? null : DatasetFormat.parse(format), errors);
    Fingerprint fingerprint = Fingerprint.ofDatasetFiles(data);
    console.printf("loaded %,d interactions, %,d users, %,d items in %s (data %s)%n", dataset.size(),
        dataset.users().size(), dataset.items().size(), ProgressPrinter.duration((System.nanoTime() - t0) / 1_000_000),
        fingerprint.toString().substring(0, 19));
    if (dataset.size() == 0) throw new IllegalArgumentException(data + ": the dataset holds no interactions");

    ArtifactStore store = new ArtifactStore(artifacts.root());
    StageRunner runner = new StageRunner(store, "recsys train --data " + data, ManifestInfo.gitCommitFromEnvironment(), artifacts.keepVersions(),
        force, console, Clock.systemUTC());
    Run run = new Run(dataset, fingerprint, config, runner);
    console.println("artefacts: " + artifacts.root().toAbsolutePath());
    for (Stage stage : stages()) stage.run(this, run);
    runner.printTable();

    if (!noFeatureStore && System.getenv("REDIS_URL") != null) {
      FeatureStoreLoad.fromEnvironment(console).load(dataset, run.file(EMBEDDINGS, ITEM_VECTORS_FILE),
          run.file(CLUSTERS, CLUSTERS_FILE), run.file(MIXTURES, MIXTURES_FILE));
    } else if (!noFeatureStore) {
      console.println("feature store: REDIS_URL is not set, nothing loaded (the services read histories and mixtures there)");
    }
    console.printf("train: done in %s%n", ProgressPrinter.duration((System.nanoTime() - t0) / 1_000_000));
    return 0;
  }

  /** One offline stage: a row of the table. */
  @FunctionalInterface
  interface Stage {
    void run(TrainCommand cmd, Run run) throws IOException;
  }

  /** The candidate stages in the order they run; each reads what the rows above it published. */
  static List<Stage> stages() {
    return List.of(
        TrainCommand::embeddings,
        TrainCommand::clusters,
        TrainCommand::mixtures,
        TrainCommand::annIndex,
        TrainCommand::i2i,
        TrainCommand::pairScorer,
        TrainCommand::popularity,
        TrainCommand::bundle,
        TrainCommand::trainingCandidates);
  }

  private void embeddings(Run run) {
    run.versions.put(EMBEDDINGS, run.runner.run("embeddings", EMBEDDINGS, run.inputs(run.config.als().toString()),
        "iterations", (dir, p) -> {
          long t = System.nanoTime();
          AlsModel als = new ImplicitAls(run.config.als()).fit(run.interactions, run.catalog.ids(), p);
          als.items().write(dir.resolve(ITEM_VECTORS_FILE));
          new ItemVectors(run.userIds, als.items().dim(), als.userFactors()).write(dir.resolve(USER_VECTORS_FILE));
          Properties props = new Properties();
          props.setProperty("regularization", Double.toString(run.config.als().regularization()));
          props.setProperty("alpha", Double.toString(run.config.als().alpha()));
          props.setProperty("dim", Integer.toString(run.config.als().dim()));
          try (var w = Files.newBufferedWriter(dir.resolve(ALS_FILE), StandardCharsets.UTF_8)) {
            props.store(w, "implicit ALS settings the serving fold-in needs");
          }
          return Map.of("items", (double) als.items().count(), "dim", (double) als.items().dim(),
              "fitSeconds", (System.nanoTime() - t) / 1e9);
        }));
  }

  private void clusters(Run run) {
    run.versions.put(CLUSTERS, run.runner.run("clusters", CLUSTERS, run.inputs(run.config.kmeans().toString(), EMBEDDINGS),
        "iterations", (dir, p) -> {
          ItemVectors normalised = ItemVectors.read(run.file(EMBEDDINGS, ITEM_VECTORS_FILE)).normalised();
          InterestClusters clusters = new SphericalKMeans(run.config.kmeans()).fit(normalised, p);
          clusters.write(dir.resolve(CLUSTERS_FILE));
          int largest = 0;
          for (int c = 0; c < clusters.clusterCount(); c++) largest = Math.max(largest, clusters.size(c));
          return Map.of("clusters", (double) clusters.clusterCount(), "largestCluster", (double) largest);
        }));
  }

  private void mixtures(Run run) {
    run.versions.put(MIXTURES, run.runner.run("mixtures", MIXTURES,
        run.inputs(run.config.mixture().toString(), EMBEDDINGS, CLUSTERS), "users", (dir, p) -> {
          ItemVectors users = ItemVectors.read(run.file(EMBEDDINGS, USER_VECTORS_FILE));
          InterestClusters clusters = InterestClusters.read(run.file(CLUSTERS, CLUSTERS_FILE));
          float[][] mixtures = InterestMixtures.build(run.interactions, clusters, users.data(), users.dim(),
              run.config.mixture(), p);
          int written = MixtureFile.write(dir.resolve(MIXTURES_FILE), run.userIds, mixtures);
          return Map.of("users", (double) written);
        }));
  }

  private void annIndex(Run run) {
    run.versions.put(ANN_INDEX, run.runner.run("ann-index", ANN_INDEX,
        run.inputs(run.config.hnsw() + " " + run.config.lucene(), EMBEDDINGS, CLUSTERS), "items", (dir, p) -> {
          ItemVectors normalised = ItemVectors.read(run.file(EMBEDDINGS, ITEM_VECTORS_FILE)).normalised();
          int[] clusterOfRow = CandidateModel.clusterOfRow(InterestClusters.read(run.file(CLUSTERS, CLUSTERS_FILE)));
          long t = System.nanoTime();
          try (HnswItemIndex hnsw = HnswItemIndex.build(normalised, clusterOfRow, run.config.hnsw(), p)) {
            hnsw.save(dir.resolve(HNSW_DIR));
          }
          double hnswSeconds = (System.nanoTime() - t) / 1e9;
          t = System.nanoTime();
          Files.createDirectories(dir.resolve(LUCENE_DIR));
          try (LuceneItemIndex lucene = LuceneItemIndex.build(normalised, clusterOfRow, run.catalog.categoriesByRow(),
              dir.resolve(LUCENE_DIR), run.config.lucene(), io.recsys.core.train.Progress.NONE)) {
            // built and closed: the files are what is published
          }
          run.catalog.writeCategories(dir.resolve(CATEGORIES_FILE));
          return Map.of("hnswBuildSeconds", hnswSeconds, "luceneBuildSeconds", (System.nanoTime() - t) / 1e9);
        }));
  }

  private void i2i(Run run) {
    run.versions.put(I2I, run.runner.run("i2i", I2I, run.inputs(run.config.i2i().toString()), "items", (dir, p) -> {
      ItemToItemIndex i2i = ItemToItemIndex.build(run.interactions, run.config.i2i(), p);
      i2i.write(dir.resolve(I2I_FILE));
      return Map.of("entries", (double) i2i.entries());
    }));
  }

  private void pairScorer(Run run) {
    run.versions.put(PAIR_SCORER, run.runner.run("pi2i-scorer", PAIR_SCORER,
        run.inputs(run.config.scorer().toString(), EMBEDDINGS, CLUSTERS, I2I), "epochs", (dir, p) -> {
          ItemVectors normalised = ItemVectors.read(run.file(EMBEDDINGS, ITEM_VECTORS_FILE)).normalised();
          InterestClusters clusters = InterestClusters.read(run.file(CLUSTERS, CLUSTERS_FILE));
          ItemToItemIndex i2i = ItemToItemIndex.read(run.file(I2I, I2I_FILE));
          CandidateTrainer.ScorerResult r = CandidateTrainer.pairScorer(run.interactions, i2i, normalised,
              CandidateModel.clusterOfRow(clusters), clusters.clusterCount(), run.config, p);
          if (r.fallback()) console.println("  pi2i-scorer: " + r.why() + "; PI2I ranks by i2i score alone");
          r.scorer().write(dir.resolve(PAIR_SCORER_FILE));
          return Map.of("i2iScoreOnly", r.fallback() ? 1.0 : 0.0);
        }));
  }

  private void popularity(Run run) {
    run.versions.put(POPULARITY, run.runner.run("popularity", POPULARITY,
        run.inputs("halfLifeDays=" + run.config.popularityHalfLifeDays()), "items", (dir, p) -> {
          Popularity pop = Popularity.of(run.interactions, run.config.popularityHalfLifeDays());
          pop.write(dir.resolve(POPULARITY_FILE));
          p.update(pop.size(), pop.size());
          return Map.of("items", (double) pop.size());
        }));
  }

  private void bundle(Run run) {
    ArtifactKind[] parts = {EMBEDDINGS, CLUSTERS, ANN_INDEX, I2I, PAIR_SCORER, POPULARITY};
    run.versions.put(BUNDLE, run.runner.run("candidate-bundle", BUNDLE,
        run.inputs(run.config.mixture() + " triggers=" + run.config.scorer().triggers(), parts), "files", (dir, p) -> {
          Properties props = new Properties();
          for (ArtifactKind k : parts) props.setProperty(k.name(), run.versions.get(k).name());
          props.setProperty("mixture.neighbours", Integer.toString(run.config.mixture().neighbours()));
          props.setProperty("mixture.beta", Double.toString(run.config.mixture().beta()));
          props.setProperty("mixture.addAlpha", Double.toString(run.config.mixture().addAlpha()));
          props.setProperty("mixture.halfLifeDays", Double.toString(run.config.mixture().halfLifeDays()));
          props.setProperty("pi2i.triggers", Integer.toString(run.config.scorer().triggers()));
          try (var w = Files.newBufferedWriter(dir.resolve(BUNDLE_FILE), StandardCharsets.UTF_8)) {
            props.store(w, "one consistent set of candidate artefacts: what candidate-service serves");
          }
          p.update(1, 1);
          return Map.of();
        }));
  }

  private void trainingCandidates(Run run) {
    run.versions.put(TRAINING_CANDIDATES, run.runner.run("training-candidates", TRAINING_CANDIDATES,
        run.inputs(run.config.toString()), "users", (dir, p) -> {
          TrainingCandidates.Stats stats = TrainingCandidates.write(dir, run.interactions,
              run.userIds, run.catalog, run.config, step -> io.recsys.core.train.Progress.NONE, p);
          return Map.of("examples", (double) stats.examples(), "lines", (double) stats.lines(),
              "recall@" + run.config.trainingCandidates(), stats.recall());
        }));
  }
}
