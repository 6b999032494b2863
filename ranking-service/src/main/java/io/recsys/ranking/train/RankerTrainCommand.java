package io.recsys.ranking.train;

import io.recsys.core.artifact.ArtifactConfig;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.artifact.Fingerprint;
import io.recsys.core.artifact.ManifestInfo;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.RowErrors;
import io.recsys.core.train.ProgressPrinter;
import io.recsys.core.train.StageInputs;
import io.recsys.core.train.StageRunner;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.ranking.features.RankingFeatures;
import io.recsys.ranking.features.TrainingExampleReader;
import io.recsys.ranking.model.ModelCard;
import io.recsys.ranking.model.MoeTrainingConfig;
import io.recsys.ranking.onnx.OnnxExport;
import java.io.IOException;
import java.time.Duration;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code ranker} stage of {@code ./recsys train}: reads the candidate stage's published
 * training candidates, builds point-in-time examples ({@link TrainingExampleReader}), trains the MoE
 * ({@link RankerTrainer}), exports ONNX and publishes the ranker artefact with its model card. Skipped
 * when its inputs (data, training-candidates version, settings) are unchanged.
 *
 * <p>The launcher runs it after the candidate command with the same arguments, so it accepts the
 * candidate stage's options (hidden here) and its own are prefixed {@code --ranker-}.
 */
@Command(name = "train (ranker stage)", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the ranker on the candidate stage's training candidates and publishes it (artefact kind 'ranker'):",
        "point-in-time features -> AW-MoE with ordinal click/engage heads (IPS-weighted) -> Platt calibration -> ONNX."})
public final class RankerTrainCommand implements Callable<Integer> {
  static final String STAGE = "ranker";

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset directory (the one the candidate stages trained on)")
  java.nio.file.Path data;

  @Option(names = "--format", paramLabel = "FORMAT", description = "force the dataset format instead of detecting it")
  String format;

  @Option(names = "--out", paramLabel = "ARTIFACTS", description = "artefact root (default: $RECSYS_ARTIFACTS or ./artifacts)")
  java.nio.file.Path out;

  @Option(names = "--force", description = "train even when the inputs are unchanged")
  boolean force;

  @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
      description = "bad data rows: fail (default, names file:line) or skip and count them")
  ErrorPolicy onError;

  @Option(names = "--ranker-experts", paramLabel = "K", defaultValue = "4", description = "experts of the mixture (default ${DEFAULT-VALUE}; 1 = a single MLP)")
  int experts;

  @Option(names = "--ranker-expert-hidden", paramLabel = "H", defaultValue = "32", description = "hidden width of each expert (default ${DEFAULT-VALUE})")
  int expertHidden;

  @Option(names = "--ranker-attention", paramLabel = "true|false", defaultValue = "true", arity = "1",
      description = "the gate attends over the behaviour sequence (default ${DEFAULT-VALUE}; false: mean pooling, an ablation)")
  boolean attention;

  @Option(names = "--ranker-contrastive", paramLabel = "true|false", defaultValue = "false", arity = "1",
      description = "random behaviour masking + the contrastive auxiliary loss for long-tail users (default ${DEFAULT-VALUE}; about 2x slower)")
  boolean contrastive;

  @Option(names = "--ranker-ips", paramLabel = "true|false", defaultValue = "true", arity = "1",
      description = "weight positives by inverse popularity propensity (default ${DEFAULT-VALUE})")
  boolean ips;

  @Option(names = "--ranker-engage-level", paramLabel = "TYPE", defaultValue = "cart",
      description = "the engage head's threshold on the engagement ladder (impression < click < favourite < cart < purchase): "
          + "an interaction at this level or deeper is the deeper engagement (default ${DEFAULT-VALUE}); any name of the type "
          + "registry ($RECSYS_TYPES_FILE), e.g. favourite to count favourites as intent")
  String engageLevel;

  @Option(names = "--ranker-engage-window-hours", paramLabel = "H", defaultValue = "24",
      description = "how long after an example's interaction a deeper one with the same item still makes its engage label "
          + "(a shop logs the cart and the purchase after the view; default ${DEFAULT-VALUE}; 0 = the same moment only)")
  double engageWindowHours;

  @Option(names = "--ranker-max-negatives", paramLabel = "N", defaultValue = "30",
      description = "negatives sampled per training example (default ${DEFAULT-VALUE}); calibration reweighs them to the full list")
  int maxNegatives;

  @Option(names = "--ranker-epochs", paramLabel = "N", defaultValue = "8", description = "most epochs; early stopping on validation (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--ranker-select", paramLabel = "auc|loss", defaultValue = "auc",
      description = "the epoch kept: best validation click AUC (the ordering) or lowest validation loss (default ${DEFAULT-VALUE})")
  String select;

  @Option(names = "--ranker-patience", paramLabel = "N", defaultValue = "2", description = "epochs without improvement before stopping (default ${DEFAULT-VALUE})")
  int patience;

  @Option(names = "--ranker-seed", paramLabel = "S", defaultValue = "42", description = "seed of sampling, initialisation and shuffles (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--ranker-exclude-features", paramLabel = "NAME[,NAME...]|none", split = ",",
      defaultValue = RankingFeatures.REQUEST_TIME_FEATURES,
      description = "features the ranker must not learn from: names from the model card, or prefixes ending in '.' (e.g. ctx.); "
          + "they standardise to 0 in training and serving. Default: the request-time features (${DEFAULT-VALUE}), whose "
          + "values at a request long after a user's last event lie outside training's; none = learn from every feature")
  List<String> excludeFeatures;

  // The candidate stage's options: the launcher passes one argument list to both commands.
  @Option(names = "--window", hidden = true) String candidateWindow;
  @Option(names = "--training-candidates", hidden = true) String candidateCount;
  @Option(names = "--no-feature-store", hidden = true) boolean noFeatureStore;

  private final PrintStream console;

  public RankerTrainCommand() {
    this(System.out);
  }

  public RankerTrainCommand(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.exit(CliErrorHandler.commandLine(new RankerTrainCommand()).execute(args));
  }

  /** The ladder level a registry name stands for; clear errors for unknown names and for types off or below the ladder. */
  static int engageLevel(String name) {
    EventTypeRegistry registry = EventTypeRegistry.fromEnvironment();
    EventTypeRegistry.Alias alias = registry.resolve(name);
    if (alias == null) {
      throw new IllegalArgumentException("--ranker-engage-level: unknown type '" + name + "' (accepted: "
          + registry.acceptedNames() + ")");
    }
    int level = alias.type().level();
    if (level < InteractionType.CLICK.level()) {
      throw new IllegalArgumentException("--ranker-engage-level: '" + name + "' is " + alias.type().wireName()
          + ", which is not on the ladder above impressions (click, favourite, cart or purchase)");
    }
    return level;
  }

  static Duration engageWindow(double hours) {
    if (!(hours >= 0) || hours > 24 * 365) {
      throw new IllegalArgumentException("--ranker-engage-window-hours must be in [0, 8760]: " + hours);
    }
    return Duration.ofMillis(Math.round(hours * 3_600_000));
  }

  @Override
  public Integer call() throws IOException {
    if (experts < 1) throw new IllegalArgumentException("--ranker-experts must be >= 1: " + experts);
    if (maxNegatives < 1) throw new IllegalArgumentException("--ranker-max-negatives must be >= 1: " + maxNegatives);
    MoeTrainingConfig.Selection selection = switch (select.toLowerCase(Locale.ROOT)) {
      case "auc" -> MoeTrainingConfig.Selection.VALIDATION_AUC;
      case "loss" -> MoeTrainingConfig.Selection.VALIDATION_LOSS;
      default -> throw new IllegalArgumentException("--ranker-select must be auc or loss: " + select);
    };
    if (patience < 1) throw new IllegalArgumentException("--ranker-patience must be >= 1: " + patience);
    if (expertHidden < 1) throw new IllegalArgumentException("--ranker-expert-hidden must be >= 1: " + expertHidden);
    if (epochs < 1) throw new IllegalArgumentException("--ranker-epochs must be >= 1: " + epochs);
    ArtifactConfig artifacts = ArtifactConfig.fromEnvironment();
    if (out != null) artifacts = artifacts.withRoot(out);
    ArtifactStore store = new ArtifactStore(artifacts.root());
    if (store.currentName(RankerArtifacts.TRAINING_CANDIDATES).isEmpty()) {
      throw new IllegalArgumentException(store.currentFile(RankerArtifacts.TRAINING_CANDIDATES)
          + " is missing: the ranker trains on the candidate stage's training candidates (run ./recsys train, which runs that stage first)");
    }
    ArtifactVersion candidates = store.current(RankerArtifacts.TRAINING_CANDIDATES);

    TrainingExampleReader.Config reader = TrainingExampleReader.Config.defaults().withMaxNegativesPerQuery(maxNegatives).withSeed(seed)
        .withEngageLevel(engageLevel(engageLevel)).withEngageWindow(engageWindow(engageWindowHours))
        .withExcludedFeatures(excludeFeatures == null || excludeFeatures.equals(List.of("none")) ? List.of() : excludeFeatures);
    MoeTrainingConfig training = MoeTrainingConfig.defaults().withEpochs(epochs).withSeed(seed).withAttention(attention)
        .withContrastive(contrastive).withSelection(selection).withPatience(patience);
    RankerTrainer.Options options = RankerTrainer.Options.defaults().withExperts(experts).withExpertHidden(expertHidden).withIps(ips)
        .withTraining(training);
    Fingerprint fingerprint = Fingerprint.ofDatasetFiles(data);
    // Threads change nothing in the result (the trainer is deterministic for a seed), so they are not an input.
    String settings = String.format(Locale.ROOT, "experts=%d expertHidden=%d attention=%s contrastive=%s ips=%s %s maxNegatives=%d epochs=%d select=%s patience=%d seed=%d reader=%s",
        experts, expertHidden, attention, contrastive, ips, options.propensity(), maxNegatives, epochs, selection, patience, seed, reader);
    StageInputs inputs = new StageInputs(fingerprint, Map.of(RankerArtifacts.TRAINING_CANDIDATES.name(), candidates.name()), settings);

    StageRunner runner = new StageRunner(store, "recsys train --data " + data, ManifestInfo.gitCommitFromEnvironment(),
        artifacts.keepVersions(), force, console, Clock.systemUTC());
    final TrainingExampleReader.Config readerConfig = reader;
    runner.run(STAGE, RankerArtifacts.RANKER, inputs, FeatureSchema.CURRENT_VERSION, "epochs", (dir, progress) -> {
      long t0 = System.nanoTime();
      RowErrors errors = new RowErrors(onError);
      Dataset dataset = Datasets.load(data, format == null ? null : DatasetFormat.parse(format), errors);
      TrainingExampleReader.Result examples = TrainingExampleReader.read(candidates.path(), dataset, readerConfig,
          new ProgressPrinter(console, "  ranker examples", "examples"));
      double readSeconds = (System.nanoTime() - t0) / 1e9;
      console.printf(Locale.ROOT, "  ranker: %,d examples (%,d without their target among the candidates), %,d candidates kept, "
              + "%d dense features (schema %s), read in %.1fs%n", examples.examples().queries(), examples.examplesWithoutPositive(),
          examples.examples().size(), examples.features().denseDim(), examples.features().schemaVersion(), readSeconds);
      console.printf(Locale.ROOT, "  ranker: features switched off (left out, or constant in training): %s%n", examples.scaler().switchedOff());
      RankerTrainer.Outcome outcome = RankerTrainer.train(examples, options, console, progress);

      outcome.parameters().write(dir.resolve(RankerArtifacts.PARAMETERS_FILE));
      String modelVersion = "moe-" + Fingerprint.of(dir.resolve(RankerArtifacts.PARAMETERS_FILE)).sha256().substring(0, 12);
      OnnxExport.write(outcome.parameters(), modelVersion, dir.resolve(RankerArtifacts.MODEL_FILE));
      examples.tables().write(dir);
      examples.scaler().write(dir);

      Map<String, Double> metrics = new LinkedHashMap<>(outcome.metrics());
      metrics.put("examples.read.seconds", readSeconds);
      metrics.put("examples.withoutPositive", (double) examples.examplesWithoutPositive());
      Map<String, String> trainingData = new LinkedHashMap<>();
      trainingData.put("dataset", fingerprint.toString());
      trainingData.put("trainingCandidates", candidates.name());
      trainingData.put("interactions", Integer.toString(dataset.size()));
      Map<String, String> trainingInfo = new LinkedHashMap<>();
      trainingInfo.put("modelVersion", modelVersion);
      trainingInfo.put("settings", settings);
      trainingInfo.put("optimizer", training.toString());
      Map<String, Double> calibration = new LinkedHashMap<>();
      calibration.put("click.a", outcome.click().a());
      calibration.put("click.b", outcome.click().b());
      calibration.put("engage.a", outcome.engage().a());
      calibration.put("engage.b", outcome.engage().b());
      new ModelCard(examples.features().schemaVersion(), FeatureSchema.CURRENT_VERSION, examples.features().names(), trainingData,
          outcome.parameters().architecture(), trainingInfo, metrics, calibration).write(dir);
      metrics.put("seconds", (System.nanoTime() - t0) / 1e9);
      return metrics;
    });
    runner.printTable();
    return 0;
  }
}
