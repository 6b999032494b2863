package io.recsys.candidate.pi2i;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains the {@link PairScorer} with binary cross-entropy, by seeded mini-batch Adam: the same data
 * and config give the same weights, bit for bit, on any machine with any thread count.
 *
 * <p>Examples (see {@link TrainingExamples} for the point-in-time rules): for each user and each
 * position {@code p} from the {@value TrainingExamples#SKIPPED_POSITIONS}th on, the triggers are the
 * newest {@code triggers} items before {@code p}. The item at {@code p} is a positive when some
 * trigger's list holds it (with the user's own co-engagement taken out); one such trigger, drawn at
 * random, forms the positive pair. Negatives, paired with the same trigger, are
 * {@code sameListNegatives} items drawn from that trigger's list and {@code randomNegatives} items
 * drawn from the catalogue, all never engaged by the user. Same-list negatives are the point of PI2I's
 * training (METHODS §2): they are exactly the candidates serving must rank the positive above.
 *
 * <p>About {@value #HELD_OUT_SHARE} of users (chosen by a seeded hash) are held out; the report gives
 * the trained scorer's AUC on their pairs next to the AUC of ranking the same pairs by the i2i score
 * alone and by cos(user, target) alone.
 *
 * <p>Fixed hyper-parameters: batch {@value #BATCH_SIZE}, Adam betas 0.9 / 0.999, epsilon 1e-8, L2
 * on the weights only (not the bias); features standardised with the training pairs' means and
 * standard deviations (a constant feature gets std 1 and so no say). Stateless; thread-safe.
 */
public final class PairScorerTrainer {
  public static final int BATCH_SIZE = 256;
  public static final double HELD_OUT_SHARE = 0.1;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  /**
   * @param triggers newest items before the target that act as triggers; default {@value #DEFAULT_TRIGGERS}
   * @param sameListNegatives negatives per positive from the trigger's list; default {@value #DEFAULT_SAME_LIST_NEGATIVES}
   * @param randomNegatives negatives per positive from the whole catalogue; default {@value #DEFAULT_RANDOM_NEGATIVES}
   * @param epochs passes over the training pairs; default {@value #DEFAULT_EPOCHS}
   * @param learningRate Adam step size; default {@value #DEFAULT_LEARNING_RATE}
   * @param l2 weight decay on the weights; default {@value #DEFAULT_L2}
   * @param seed seeds sampling, the held-out users and shuffling; default {@value #DEFAULT_SEED}
   */
  public record Config(int triggers, int sameListNegatives, int randomNegatives, int epochs, double learningRate,
      double l2, long seed) {
    public static final int DEFAULT_TRIGGERS = 10;
    public static final int DEFAULT_SAME_LIST_NEGATIVES = 4;
    public static final int DEFAULT_RANDOM_NEGATIVES = 1;
    public static final int DEFAULT_EPOCHS = 5;
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final double DEFAULT_L2 = 1e-5;
    public static final long DEFAULT_SEED = 42;

    public Config {
      if (triggers < 1) throw new IllegalArgumentException("triggers must be >= 1: " + triggers);
      if (sameListNegatives < 0) throw new IllegalArgumentException("sameListNegatives must be >= 0: " + sameListNegatives);
      if (randomNegatives < 0) throw new IllegalArgumentException("randomNegatives must be >= 0: " + randomNegatives);
      if (sameListNegatives + randomNegatives == 0) {
        throw new IllegalArgumentException("sameListNegatives + randomNegatives must be >= 1 (BCE needs negatives)");
      }
      if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be a positive finite number: " + learningRate);
      }
      if (!(l2 >= 0) || Double.isInfinite(l2)) throw new IllegalArgumentException("l2 must be a finite number >= 0: " + l2);
    }

    public static Config defaults() {
      return new Config(DEFAULT_TRIGGERS, DEFAULT_SAME_LIST_NEGATIVES, DEFAULT_RANDOM_NEGATIVES, DEFAULT_EPOCHS,
          DEFAULT_LEARNING_RATE, DEFAULT_L2, DEFAULT_SEED);
    }

    public Config withTriggers(int n) {
      return new Config(n, sameListNegatives, randomNegatives, epochs, learningRate, l2, seed);
    }

    public Config withSameListNegatives(int n) {
      return new Config(triggers, n, randomNegatives, epochs, learningRate, l2, seed);
    }

    public Config withRandomNegatives(int n) {
      return new Config(triggers, sameListNegatives, n, epochs, learningRate, l2, seed);
    }

    public Config withEpochs(int n) {
      return new Config(triggers, sameListNegatives, randomNegatives, n, learningRate, l2, seed);
    }

    public Config withLearningRate(double r) {
      return new Config(triggers, sameListNegatives, randomNegatives, epochs, r, l2, seed);
    }

    public Config withL2(double v) {
      return new Config(triggers, sameListNegatives, randomNegatives, epochs, learningRate, v, seed);
    }

    public Config withSeed(long s) {
      return new Config(triggers, sameListNegatives, randomNegatives, epochs, learningRate, l2, s);
    }
  }

  /**
   * What training produced and how well it did on the held-out users' pairs.
   *
   * @param heldOutAuc the trained scorer's AUC on held-out pairs
   * @param i2iScoreOnlyAuc AUC of the same pairs ranked by the i2i score alone (un-personalised)
   * @param cosineOnlyAuc AUC of the same pairs ranked by cos(user, target) alone
   */
  public record Report(PairScorer scorer, int trainExamples, int trainPositives, int heldOutExamples,
      int heldOutUsers, double heldOutAuc, double i2iScoreOnlyAuc, double cosineOnlyAuc, long millis) {}

  private PairScorerTrainer() {}

  /** Trains a scorer; see {@link #trainWithReport} for the held-out numbers. */
  public static PairScorer train(UserSequences interactions, ItemToItemIndex i2i, ItemVectors normalised,
      int[] clusterOfRow, int clusterCount, Config config, Progress progress) {
    return trainWithReport(interactions, i2i, normalised, clusterOfRow, clusterCount, config, progress).scorer();
  }

  /**
   * Generates the pairs (in parallel over users; the result does not depend on the thread count),
   * trains, and evaluates on the held-out users. Progress counts users, then epochs.
   *
   * @param interactions the training sequences; {@code i2i} must have been built from exactly these
   *     (checked), and both from data before any evaluation window
   * @throws IllegalArgumentException when the inputs disagree in size or no positive pair exists
   */
  public static Report trainWithReport(UserSequences interactions, ItemToItemIndex i2i, ItemVectors normalised,
      int[] clusterOfRow, int clusterCount, Config config, Progress progress) {
    Objects.requireNonNull(config, "config");
    Progress report = progress == null ? Progress.NONE : progress;
    long start = System.nanoTime();
    TrainingExamples examples = new TrainingExamples(interactions, i2i, normalised, clusterOfRow, clusterCount, config);
    int users = interactions.userCount();
    long totalUnits = (long) users + config.epochs();
    float[][] userFeatures = new float[users][];
    byte[][] userLabels = new byte[users][];
    ParallelRows.run(users, I2iConfig.DEFAULT_THREADS, (done, total) -> report.update(done, totalUnits), () -> {
      TrainingExamples.Generator g = examples.newGenerator();
      FloatArrayList fs = new FloatArrayList();
      ByteArrayList ls = new ByteArrayList();
      return user -> {
        fs.clear();
        ls.clear();
        g.forUser(user, (u, p, t, j, positive, f, ctx) -> {
          fs.addElements(fs.size(), f, 0, PairFeatures.COUNT);
          ls.add(positive ? (byte) 1 : (byte) 0);
        });
        userFeatures[user] = fs.toFloatArray();
        userLabels[user] = ls.toByteArray();
      };
    });

    int f = PairFeatures.COUNT;
    int nTrain = 0;
    int nHeld = 0;
    int heldUsers = 0;
    boolean[] heldOut = new boolean[users];
    for (int u = 0; u < users; u++) {
      heldOut[u] = isHeldOut(config.seed(), u);
      if (heldOut[u]) {
        nHeld += userLabels[u].length;
        if (userLabels[u].length > 0) heldUsers++;
      } else {
        nTrain += userLabels[u].length;
      }
    }
    float[] x = new float[nTrain * f];
    byte[] y = new byte[nTrain];
    float[] hx = new float[nHeld * f];
    byte[] hy = new byte[nHeld];
    int ti = 0;
    int hi = 0;
    int positives = 0;
    for (int u = 0; u < users; u++) {
      byte[] l = userLabels[u];
      if (heldOut[u]) {
        System.arraycopy(userFeatures[u], 0, hx, hi * f, l.length * f);
        System.arraycopy(l, 0, hy, hi, l.length);
        hi += l.length;
      } else {
        System.arraycopy(userFeatures[u], 0, x, ti * f, l.length * f);
        System.arraycopy(l, 0, y, ti, l.length);
        for (byte b : l) positives += b;
        ti += l.length;
      }
      userFeatures[u] = null;
    }
    if (positives == 0) {
      throw new IllegalArgumentException("no training positives: no user's next item is in its triggers' i2i lists"
          + " (too little data, or lists too short)");
    }

    float[] means = new float[f];
    float[] stds = new float[f];
    standardise(x, nTrain, means, stds);
    float[] w = new float[f];
    float[] b = new float[1];
    adam(x, y, nTrain, w, b, config, epoch -> report.update(users + epoch, totalUnits));
    PairScorer scorer = new PairScorer(w, b[0], means, stds);

    float[] learnt = new float[nHeld];
    float[] byI2i = new float[nHeld];
    float[] byCosine = new float[nHeld];
    float[] row = new float[f];
    for (int i = 0; i < nHeld; i++) {
      System.arraycopy(hx, i * f, row, 0, f);
      learnt[i] = scorer.logit(row);
      byI2i[i] = row[PairFeatures.I2I_SCORE];
      byCosine[i] = row[PairFeatures.COS_USER_TARGET];
    }
    return new Report(scorer, nTrain, positives, nHeld, heldUsers, Auc.of(learnt, hy, nHeld), Auc.of(byI2i, hy, nHeld),
        Auc.of(byCosine, hy, nHeld), (System.nanoTime() - start) / 1_000_000);
  }

  /** The seeded hash that puts about {@value #HELD_OUT_SHARE} of users aside. */
  static boolean isHeldOut(long seed, int user) {
    return new SplittableRandom(seed ^ 0x5DEECE66DL ^ (user * 0x9E3779B97F4A7C15L)).nextDouble() < HELD_OUT_SHARE;
  }

  /** Standardises {@code x} in place, column by column, writing the means and stds used. */
  private static void standardise(float[] x, int n, float[] means, float[] stds) {
    int f = means.length;
    double[] sum = new double[f];
    double[] sq = new double[f];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < f; k++) {
        double v = x[i * f + k];
        sum[k] += v;
        sq[k] += v * v;
      }
    }
    for (int k = 0; k < f; k++) {
      double mean = n == 0 ? 0 : sum[k] / n;
      double var = n == 0 ? 0 : Math.max(0, sq[k] / n - mean * mean);
      double std = Math.sqrt(var);
      means[k] = (float) mean;
      stds[k] = std > 1e-6 ? (float) std : 1f;
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < f; k++) x[i * f + k] = (x[i * f + k] - means[k]) / stds[k];
    }
  }

  @FunctionalInterface
  private interface EpochListener {
    void done(int epochs);
  }

  /** Mini-batch Adam on the mean BCE plus l2/2 * |w|^2; writes the weights and bias in place. */
  private static void adam(float[] x, byte[] y, int n, float[] w, float[] bias, Config config, EpochListener listener) {
    int f = w.length;
    double[] weights = new double[f + 1]; // last slot: bias
    double[] m = new double[f + 1];
    double[] v = new double[f + 1];
    double[] g = new double[f + 1];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    SplittableRandom random = new SplittableRandom(config.seed());
    long step = 0;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      for (int i = n - 1; i > 0; i--) { // Fisher-Yates, seeded
        int j = random.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      for (int startAt = 0; startAt < n; startAt += BATCH_SIZE) {
        int end = Math.min(n, startAt + BATCH_SIZE);
        Arrays.fill(g, 0);
        for (int q = startAt; q < end; q++) {
          int e = order[q];
          int off = e * f;
          double z = weights[f];
          for (int k = 0; k < f; k++) z += weights[k] * x[off + k];
          double err = 1 / (1 + Math.exp(-z)) - y[e];
          for (int k = 0; k < f; k++) g[k] += err * x[off + k];
          g[f] += err;
        }
        int size = end - startAt;
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int k = 0; k <= f; k++) {
          double grad = g[k] / size + (k < f ? config.l2() * weights[k] : 0);
          m[k] = BETA1 * m[k] + (1 - BETA1) * grad;
          v[k] = BETA2 * v[k] + (1 - BETA2) * grad * grad;
          weights[k] -= config.learningRate() * (m[k] / c1) / (Math.sqrt(v[k] / c2) + EPSILON);
        }
      }
      listener.done(epoch + 1);
    }
    for (int k = 0; k < f; k++) w[k] = (float) weights[k];
    bias[0] = (float) weights[f];
  }
}
