package io.recsys.ranking.train;

import io.recsys.core.train.Progress;
import io.recsys.ranking.features.TrainingExampleReader;
import io.recsys.ranking.model.Auc;
import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeNetwork;
import io.recsys.ranking.model.MoeParameters;
import io.recsys.ranking.model.MoeTrainer;
import io.recsys.ranking.model.MoeTrainingConfig;
import io.recsys.ranking.model.RankingExamples;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * From training examples to a calibrated ranker: the temporal validation split, IPS weights, the MoE
 * fit with early stopping, Platt calibration per task and the validation metrics of the model card.
 * What {@link RankerTrainCommand} runs, and the ablation benchmark with other {@link Options}.
 * Stateless.
 */
public final class RankerTrainer {
  /** Bins of the expected calibration error. */
  public static final int ECE_BINS = 10;

  /**
   * @param experts K; 1 (with {@code expertHidden} × 4) is the "one MLP of the same size" ablation
   * @param expertHidden He1, each expert's hidden width
   * @param ips weight positives by inverse popularity propensity (METHODS.md §6)
   * @param propensity the propensity model when {@code ips}
   * @param validationShare the latest share of examples (by time) held out for early stopping and calibration
   * @param training the optimiser's settings
   */
  public record Options(int experts, int expertHidden, boolean ips, PropensityEstimator propensity, double validationShare,
      MoeTrainingConfig training) {
    public static final int DEFAULT_EXPERTS = MoeArchitecture.DEFAULT_EXPERTS;
    public static final double DEFAULT_VALIDATION_SHARE = 0.1;

    public Options {
      if (experts < 1) throw new IllegalArgumentException("experts must be >= 1: " + experts);
      if (expertHidden < 1) throw new IllegalArgumentException("expertHidden must be >= 1: " + expertHidden);
      if (!(validationShare > 0 && validationShare < 1)) {
        throw new IllegalArgumentException("validationShare must be in (0, 1): " + validationShare);
      }
    }

    public static Options defaults() {
      return new Options(DEFAULT_EXPERTS, MoeArchitecture.DEFAULT_EXPERT_HIDDEN, true, PropensityEstimator.defaults(), DEFAULT_VALIDATION_SHARE,
          MoeTrainingConfig.defaults());
    }

    public Options withExperts(int k) {
      return new Options(k, expertHidden, ips, propensity, validationShare, training);
    }

    public Options withExpertHidden(int h) {
      return new Options(experts, h, ips, propensity, validationShare, training);
    }

    public Options withIps(boolean on) {
      return new Options(experts, expertHidden, on, propensity, validationShare, training);
    }

    public Options withTraining(MoeTrainingConfig t) {
      return new Options(experts, expertHidden, ips, propensity, validationShare, t);
    }
  }

  /**
   * @param parameters the best epoch's parameters
   * @param fit the trainer's per-epoch record
   * @param click calibration of P(click)
   * @param engage calibration of P(engage)
   * @param metrics validation metrics and counts, for the model card and the manifest
   */
  public record Outcome(MoeParameters parameters, MoeTrainer.Result fit, PlattCalibration click, PlattCalibration engage,
      Map<String, Double> metrics) {}

  private RankerTrainer() {}

  public static Outcome train(TrainingExampleReader.Result data, Options o, PrintStream log, Progress epochs) {
    RankingExamples all = data.examples();
    int[][] split = temporalSplit(all.queryTime(), o.validationShare());
    int[] trainQueries = split[0], validationQueries = split[1];

    float[] weights = new float[all.size()];
    java.util.Arrays.fill(weights, 1f);
    double maxWeight = 1;
    if (o.ips()) {
      // Propensities from the training part's positives only: validation stays unseen.
      int[] positives = new int[data.itemPositives().length];
      boolean[] isTrain = new boolean[all.queries()];
      for (int q : trainQueries) isTrain[q] = true;
      for (int i = 0; i < all.size(); i++) {
        int item = data.candidateItem()[i];
        if (item >= 0 && all.click()[i] > 0 && isTrain[all.query()[i]]) positives[item]++;
      }
      weights = PropensityEstimator.weights(data.candidateItem(), all.click(), o.propensity().propensities(positives));
      for (float w : weights) maxWeight = Math.max(maxWeight, w);
    }
    RankingExamples weighted = all.withWeights(weights);
    RankingExamples train = weighted.subset(trainQueries);
    RankingExamples validation = all.subset(validationQueries);
    log.printf(Locale.ROOT, "  ranker: %,d training queries (%,d candidates), %,d validation queries (%,d candidates), IPS %s%n",
        trainQueries.length, train.size(), validationQueries.length, validation.size(),
        o.ips() ? String.format(Locale.ROOT, "on (largest weight %.1f)", maxWeight) : "off");

    MoeArchitecture arch = MoeArchitecture.of(all.denseDim(), all.embeddingDim())
        .withSequenceLength(all.sequenceLength()).withExperts(o.experts())
        .withExpertSizes(o.expertHidden(), MoeArchitecture.DEFAULT_EXPERT_OUT);
    MoeTrainer.Result fit = new MoeTrainer().fit(arch, train, validation, o.training(), epochs);
    for (int e = 0; e < fit.trainLoss().length; e++) {
      log.printf(Locale.ROOT, "  epoch %d: train loss %.4f, validation loss %.4f, AUC click %.4f, engage %.4f%s%n", e + 1,
          fit.trainLoss()[e], fit.validationLoss()[e], fit.validationAucClick()[e], fit.validationAucEngage()[e],
          e == fit.bestEpoch() ? "  (best)" : "");
    }

    // Calibration on validation, every negative weighing as the list negatives it was sampled from.
    int n = validation.size();
    float[] pClick = new float[n], pEngage = new float[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    try (MoeNetwork.BatchGradient engine = new MoeNetwork.BatchGradient(arch, o.training().threads())) {
      engine.evaluate(fit.best(), validation, order, 0, n, pClick, pEngage);
    }
    float[] calibrationWeight = new float[n];
    for (int i = 0; i < n; i++) {
      int query = validationQueries[validation.query()[i]];
      calibrationWeight[i] = validation.click()[i] > 0 ? 1f : data.negativeWeight()[query];
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    PlattCalibration click = calibrate("click", pClick, validation.click(), calibrationWeight, validation.query(), metrics);
    PlattCalibration engage = calibrate("engage", pEngage, validation.engage(), calibrationWeight, validation.query(), metrics);
    // A metric that is undefined here (no engaged validation candidate: AUC has no positives) is left out, not NaN.
    putFinite(metrics, "validation.auc.click", Auc.of(pClick, validation.click(), n));
    putFinite(metrics, "validation.auc.engage", Auc.of(pEngage, validation.engage(), n));
    putFinite(metrics, "validation.loss", fit.validationLoss()[fit.bestEpoch()]);
    metrics.put("train.queries", (double) trainQueries.length);
    metrics.put("train.candidates", (double) train.size());
    metrics.put("validation.queries", (double) validationQueries.length);
    metrics.put("validation.candidates", (double) n);
    metrics.put("epochs.run", (double) fit.trainLoss().length);
    metrics.put("epochs.best", (double) fit.bestEpoch() + 1);
    metrics.put("fit.seconds", fit.millis() / 1000.0);
    metrics.put("parameters", (double) fit.best().count());
    log.printf(Locale.ROOT, "  calibration (ECE, %d bins, list-weighted, out of sample): click %s -> %s, engage %s -> %s%n", ECE_BINS,
        number(metrics, "calibration.click.eceBefore"), number(metrics, "calibration.click.eceAfter"),
        number(metrics, "calibration.engage.eceBefore"), number(metrics, "calibration.engage.eceAfter"));
    return new Outcome(fit.best(), fit, click, engage, metrics);
  }

  private static void putFinite(Map<String, Double> metrics, String name, double value) {
    if (Double.isFinite(value)) metrics.put(name, value);
  }

  private static String number(Map<String, Double> metrics, String name) {
    Double v = metrics.get(name);
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  /**
   * Fits Platt on the validation examples. The calibration error is measured honestly: a calibration
   * fitted on the even validation queries is scored on the odd ones (and the other way round), so the
   * "after" number is out of sample; the calibration kept is then fitted on all of them.
   */
  private static PlattCalibration calibrate(String task, float[] p, float[] labels, float[] weights, int[] query,
      Map<String, Double> metrics) {
    int n = p.length;
    double[] logits = new double[n], before = new double[n], after = new double[n];
    for (int i = 0; i < n; i++) {
      double q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
      logits[i] = Math.log(q / (1 - q));
      before[i] = q;
    }
    for (int half = 0; half < 2; half++) {
      float[] w = new float[n];
      for (int i = 0; i < n; i++) w[i] = (query[i] & 1) == half ? weights[i] : 0f;
      PlattCalibration c = PlattCalibration.fit(logits, labels, w);
      for (int i = 0; i < n; i++) if ((query[i] & 1) != half) after[i] = c.apply(logits[i]);
    }
    putFinite(metrics, "calibration." + task + ".eceBefore", PlattCalibration.expectedCalibrationError(before, labels, weights, ECE_BINS));
    putFinite(metrics, "calibration." + task + ".eceAfter", PlattCalibration.expectedCalibrationError(after, labels, weights, ECE_BINS));
    return PlattCalibration.fit(logits, labels, weights);
  }

  /**
   * Queries by time: the latest {@code share} (at least one) validate, the rest train. Ties at the
   * cut go to validation, so no validation query is older than a training one.
   *
   * @return {trainQueries, validationQueries}, each in query order
   */
  static int[][] temporalSplit(long[] queryTime, double share) {
    int q = queryTime.length;
    if (q < 2) throw new IllegalArgumentException("the ranker needs at least 2 training examples (queries) to hold one out for"
        + " validation; the training candidates hold " + q + " (more data, or a larger --window of the candidate stage)");
    long[] sorted = queryTime.clone();
    java.util.Arrays.sort(sorted);
    int cut = Math.min(q - 1, Math.max(1, (int) Math.round(q * (1 - share))));
    long cutTime = sorted[cut];
    IntArrayList train = new IntArrayList(), validation = new IntArrayList();
    for (int x = 0; x < q; x++) (queryTime[x] >= cutTime ? validation : train).add(x);
    if (train.isEmpty()) {
      throw new IllegalArgumentException("every training example has the same time " + cutTime
          + ": no older part to train on while the latest validates");
    }
    return new int[][] {train.toIntArray(), validation.toIntArray()};
  }
}
