package io.recsys.ranking.model;

/**
 * How {@link MoeTrainer} trains: immutable, every default a named constant, validated with a message
 * naming the setting.
 *
 * @param epochs the most passes over the training candidates
 * @param batchSize candidates per mini-batch
 * @param learningRate Adam's step size
 * @param l2 L2 regularisation on every tensor but the ordinal thresholds
 * @param lambdaLoadBalance weight of the gate's load-balancing term
 * @param contrastive whether the AW-MoE masked-behaviour contrastive term is trained
 * @param maskRate probability of dropping a behaviour on the contrastive path
 * @param temperature InfoNCE temperature
 * @param lambdaContrastive weight of the contrastive term
 * @param seed seeds the initialisation, the shuffles and the behaviour drops
 * @param threads workers computing each batch's gradient (results do not depend on it)
 * @param patience epochs without a better validation loss before training stops
 * @param attention whether the gate attends over the behaviours (AW-MoE); false holds the activation
 *     unit's output weights at zero, so every real behaviour weighs the same (mean pooling): the
 *     "gate without attention" ablation
 * @param selection which validation number picks the epoch kept (and drives early stopping)
 */
public record MoeTrainingConfig(int epochs, int batchSize, double learningRate, double l2, double lambdaLoadBalance,
    boolean contrastive, double maskRate, double temperature, double lambdaContrastive, long seed, int threads,
    int patience, boolean attention, Selection selection) {
  /** What "the best epoch" means. */
  public enum Selection {
    /** The lowest weighted ordinal loss: the best probabilities. */
    VALIDATION_LOSS,
    /** The highest click AUC: the best ordering (calibration fixes the probabilities afterwards). */
    VALIDATION_AUC
  }

  public static final int DEFAULT_EPOCHS = 8;
  public static final int DEFAULT_BATCH_SIZE = 512;
  public static final double DEFAULT_LEARNING_RATE = 2e-3;
  public static final double DEFAULT_L2 = 1e-5;
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_PATIENCE = 2;

  public MoeTrainingConfig {
    if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learningRate must be > 0: " + learningRate);
    if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0: " + l2);
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
    if (patience < 1) throw new IllegalArgumentException("patience must be >= 1: " + patience);
    if (selection == null) throw new IllegalArgumentException("selection must be set");
    // The loss settings are checked where they live, with their own names.
    new RankingLoss(lambdaLoadBalance, contrastive, maskRate, temperature, lambdaContrastive);
  }

  public static MoeTrainingConfig defaults() {
    return new MoeTrainingConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_L2,
        RankingLoss.DEFAULT_LAMBDA_LOAD_BALANCE, false, RankingLoss.DEFAULT_MASK_RATE, RankingLoss.DEFAULT_TEMPERATURE,
        RankingLoss.DEFAULT_LAMBDA_CONTRASTIVE, DEFAULT_SEED, Runtime.getRuntime().availableProcessors(), DEFAULT_PATIENCE, true, Selection.VALIDATION_LOSS);
  }

  /** The training objective these settings describe. */
  public RankingLoss loss() {
    return new RankingLoss(lambdaLoadBalance, contrastive, maskRate, temperature, lambdaContrastive);
  }

  public MoeTrainingConfig withEpochs(int e) {
    return new MoeTrainingConfig(e, batchSize, learningRate, l2, lambdaLoadBalance, contrastive, maskRate, temperature,
        lambdaContrastive, seed, threads, patience, attention, selection);
  }

  public MoeTrainingConfig withBatchSize(int b) {
    return new MoeTrainingConfig(epochs, b, learningRate, l2, lambdaLoadBalance, contrastive, maskRate, temperature,
        lambdaContrastive, seed, threads, patience, attention, selection);
  }

  public MoeTrainingConfig withLearningRate(double lr) {
    return new MoeTrainingConfig(epochs, batchSize, lr, l2, lambdaLoadBalance, contrastive, maskRate, temperature,
        lambdaContrastive, seed, threads, patience, attention, selection);
  }

  public MoeTrainingConfig withContrastive(boolean on) {
    return new MoeTrainingConfig(epochs, batchSize, learningRate, l2, lambdaLoadBalance, on, maskRate, temperature,
        lambdaContrastive, seed, threads, patience, attention, selection);
  }

  public MoeTrainingConfig withSeed(long s) {
    return new MoeTrainingConfig(epochs, batchSize, learningRate, l2, lambdaLoadBalance, contrastive, maskRate,
        temperature, lambdaContrastive, s, threads, patience, attention, selection);
  }

  public MoeTrainingConfig withThreads(int t) {
    return new MoeTrainingConfig(epochs, batchSize, learningRate, l2, lambdaLoadBalance, contrastive, maskRate,
        temperature, lambdaContrastive, seed, t, patience, attention, selection);
  }

  public MoeTrainingConfig withPatience(int p) {
    return new MoeTrainingConfig(epochs, batchSize, learningRate, l2, lambdaLoadBalance, contrastive, maskRate,
        temperature, lambdaContrastive, seed, threads, p, attention, selection);
  }

  public MoeTrainingConfig withAttention(boolean on) {
    return new MoeTrainingConfig(epochs, batchSize, learningRate, l2, lambdaLoadBalance, contrastive, maskRate,
        temperature, lambdaContrastive, seed, threads, patience, on, selection);
  }

  public MoeTrainingConfig withL2(double v) {
    return new MoeTrainingConfig(epochs, batchSize, learningRate, v, lambdaLoadBalance, contrastive, maskRate,
        temperature, lambdaContrastive, seed, threads, patience, attention, selection);
  }

  public MoeTrainingConfig withSelection(Selection sel) {
    return new MoeTrainingConfig(epochs, batchSize, learningRate, l2, lambdaLoadBalance, contrastive, maskRate,
        temperature, lambdaContrastive, seed, threads, patience, attention, sel);
  }
}
