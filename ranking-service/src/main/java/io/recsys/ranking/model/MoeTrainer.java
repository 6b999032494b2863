package io.recsys.ranking.model;

import io.recsys.core.train.Progress;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Trains the AW-MoE ranking network with Adam on mini-batches of candidates, shuffled by a seeded
 * generator each epoch, and keeps the parameters of the epoch with the best validation number
 * ({@link MoeTrainingConfig#selection()}: the ordinal loss, or the click AUC), stopping after
 * {@code patience} epochs without improvement.
 *
 * <p>Deterministic: a seed gives bit-identical parameters for any thread count, because each batch's
 * gradient is summed over fixed slices in a fixed order ({@link MoeNetwork.BatchGradient}).
 * Stateless; {@link #fit} is safe to call from several threads, each call using its own workers.
 */
public final class MoeTrainer {
  /** Floor and ceiling of the base rates the thresholds start from (an all-negative sample has no logit). */
  static final double MIN_RATE = 1e-6;

  /**
   * @param best parameters of the best epoch by validation loss
   * @param bestEpoch its index (0-based)
   * @param trainLoss per epoch run, the mean batch loss (all terms)
   * @param validationLoss per epoch run, the weighted ordinal loss on validation
   * @param validationAucClick per epoch run
   * @param validationAucEngage per epoch run (NaN when validation has no engaged candidate)
   * @param millis wall time of the fit
   */
  public record Result(MoeParameters best, int bestEpoch, double[] trainLoss, double[] validationLoss,
      double[] validationAucClick, double[] validationAucEngage, long millis) {}

  public Result fit(MoeArchitecture arch, RankingExamples train, RankingExamples validation, MoeTrainingConfig cfg,
      Progress progress) {
    long start = System.nanoTime();
    MoeNetwork.checkExamples(arch, train);
    MoeNetwork.checkExamples(arch, validation);
    if (train.size() == 0) throw new IllegalArgumentException("no training candidates");
    if (validation.size() == 0) throw new IllegalArgumentException("no validation candidates: early stopping needs them");
    double clicks = 0, engages = 0;
    for (int i = 0; i < train.size(); i++) {
      clicks += train.click()[i];
      engages += train.engage()[i];
    }
    double clickRate = clamp(clicks / train.size(), MIN_RATE, 1 - MIN_RATE);
    double engageRate = clamp(engages / train.size(), MIN_RATE * MIN_RATE, clickRate);
    MoeParameters params = MoeParameters.initial(arch, cfg.seed(), clickRate, engageRate);
    if (!cfg.attention()) Arrays.fill(params.attnOut, 0f);
    MoeParameters grad = MoeParameters.zerosLike(arch);
    Adam adam = new Adam(arch, cfg.learningRate(), cfg.l2());
    RankingLoss loss = cfg.loss();
    int n = train.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    int[] validationOrder = new int[validation.size()];
    for (int i = 0; i < validationOrder.length; i++) validationOrder[i] = i;
    float[] pClick = new float[validation.size()], pEngage = new float[validation.size()];
    SplittableRandom rnd = new SplittableRandom(RankingLoss.mix(cfg.seed(), 1));
    double[] trainLoss = new double[cfg.epochs()], valLoss = new double[cfg.epochs()];
    double[] aucClick = new double[cfg.epochs()], aucEngage = new double[cfg.epochs()];
    MoeParameters best = params.copy();
    int bestEpoch = -1, epoch = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    try (MoeNetwork.BatchGradient engine = new MoeNetwork.BatchGradient(arch, cfg.threads())) {
      for (; epoch < cfg.epochs(); epoch++) {
        shuffle(order, rnd);
        double sum = 0;
        int batch = 0;
        for (int from = 0; from < n; from += cfg.batchSize(), batch++) {
          int to = Math.min(n, from + cfg.batchSize());
          for (float[] t : grad.all()) Arrays.fill(t, 0f);
          long maskSeed = RankingLoss.mix(cfg.seed(), ((long) epoch << 32) | batch);
          double batchLoss = engine.compute(params, train, order, from, to, loss, maskSeed, grad);
          if (!Double.isFinite(batchLoss)) {
            throw new IllegalStateException("training diverged: loss " + batchLoss + " at epoch " + epoch + ", batch " + batch
                + " (lower learningRate)");
          }
          sum += batchLoss * (to - from);
          adam.step(params, grad);
          // Without attention the activation unit stays silent: uniform weights over real behaviours.
          if (!cfg.attention()) Arrays.fill(params.attnOut, 0f);
        }
        trainLoss[epoch] = sum / n;
        valLoss[epoch] = engine.evaluate(params, validation, validationOrder, 0, validationOrder.length, pClick, pEngage);
        aucClick[epoch] = Auc.of(pClick, validation.click(), validation.size());
        aucEngage[epoch] = Auc.of(pEngage, validation.engage(), validation.size());
        progress.update(epoch + 1, cfg.epochs());
        // Lower is better for both criteria: the loss, or the AUC's complement.
        double criterion = cfg.selection() == MoeTrainingConfig.Selection.VALIDATION_AUC ? 1 - aucClick[epoch] : valLoss[epoch];
        if (criterion < bestLoss) {
          bestLoss = criterion;
          bestEpoch = epoch;
          copyInto(best, params);
        } else if (epoch - bestEpoch >= cfg.patience()) {
          epoch++;
          break;
        }
      }
    }
    best.checkThresholds();
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(best, bestEpoch, Arrays.copyOf(trainLoss, epoch), Arrays.copyOf(valLoss, epoch),
        Arrays.copyOf(aucClick, epoch), Arrays.copyOf(aucEngage, epoch), millis);
  }

  private static void shuffle(int[] a, SplittableRandom rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static void copyInto(MoeParameters dst, MoeParameters src) {
    var d = dst.all();
    var s = src.all();
    for (int t = 0; t < d.size(); t++) System.arraycopy(s.get(t), 0, d.get(t), 0, s.get(t).length);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
