package io.recsys.candidate.pi2i;

import io.recsys.candidate.embed.ItemVectors;
import java.util.Objects;

/**
 * The features of one (user, trigger, target) pair that the {@link PairScorer} reads: the i2i
 * relation (score, rank, co-count), the trigger's recency, the user-target fit (cosine to the user
 * vector, the target cluster's mixture weight), the trigger-target fit, the target's popularity and
 * how many of the user's triggers list the target, plus products of user-side and pair features.
 * The products are the "interactive" part of PI2I's scorer (METHODS §2): a linear model over them can
 * weigh the i2i evidence differently for a user whose profile agrees with the target than for one
 * whose profile does not, which an inner product of two towers cannot.
 *
 * <p>Index constants name each slot; {@link #NAMES} gives them in words. Values are raw (the scorer
 * standardises them). {@link #compute} writes into a caller-owned array and allocates nothing.
 * Immutable after construction and thread-safe (the popularity array must not be written after).
 */
public final class PairFeatures {
  public static final int I2I_SCORE = 0;
  /** Score divided by the trigger list's best score: Swing scores are not comparable across triggers. */
  public static final int RELATIVE_SCORE = 1;
  /** {@code log(1 + rank)}, rank 0 = first in the trigger's list. */
  public static final int LOG_RANK = 2;
  public static final int LOG_COUNT = 3;
  /** Trigger's position in the history, 0 = newest. */
  public static final int TRIGGER_POSITION = 4;
  /** {@value #TRIGGER_DECAY}^position. */
  public static final int TRIGGER_RECENCY = 5;
  /** {@code log(1 + hours between the trigger and now)}, 0 when the trigger is in the future (clock skew). */
  public static final int LOG_TRIGGER_AGE_HOURS = 6;
  public static final int COS_USER_TARGET = 7;
  public static final int COS_TRIGGER_TARGET = 8;
  public static final int MIXTURE_WEIGHT = 9;
  public static final int SAME_CLUSTER = 10;
  public static final int LOG_POPULARITY = 11;
  /** Number of the user's triggers whose lists hold the target. */
  public static final int TRIGGER_SUPPORT = 12;
  /** Sum of the target's i2i scores over those triggers (classic item-CF's evidence). */
  public static final int SCORE_SUM = 13;
  public static final int COS_USER_X_I2I = 14;
  public static final int MIXTURE_X_I2I = 15;
  public static final int COS_USER_X_SUPPORT = 16;
  public static final int MIXTURE_X_SUPPORT = 17;
  public static final int COS_USER_X_COS_TRIGGER = 18;
  public static final int MIXTURE_X_SAME_CLUSTER = 19;
  public static final int RECENCY_X_I2I = 20;
  public static final int COUNT = 21;

  /** Decay of {@link #TRIGGER_RECENCY} per history position. */
  public static final double TRIGGER_DECAY = 0.8;

  private static final String[] NAME = {"i2iScore", "relativeScore", "logRank", "logCount", "triggerPosition",
      "triggerRecency", "logTriggerAgeHours", "cosUserTarget", "cosTriggerTarget", "mixtureWeight", "sameCluster",
      "logPopularity", "triggerSupport", "scoreSum", "cosUser*i2iScore", "mixture*i2iScore", "cosUser*support",
      "mixture*support", "cosUser*cosTrigger", "mixture*sameCluster", "recency*i2iScore"};

  private static final double HOUR_MILLIS = 3_600_000.0;
  /** Tables for the per-pair logarithms and powers: the retriever computes these thousands of times a request. */
  private static final int TABLE = 4096;
  private static final float[] LOG1P = new float[TABLE];
  private static final float[] RECENCY = new float[TABLE];

  static {
    for (int i = 0; i < TABLE; i++) {
      LOG1P[i] = (float) Math.log1p(i);
      RECENCY[i] = (float) Math.pow(TRIGGER_DECAY, i);
    }
  }

  private final float[] vectors;
  private final int dim;
  private final int[] clusterOfRow;
  private final float[] popularity;
  private final float[] logPopularity;

  /**
   * @param normalised unit item vectors, row = item row
   * @param clusterOfRow interest cluster per row
   * @param popularity per row, e.g. the number of training users who engaged the item
   */
  public PairFeatures(ItemVectors normalised, int[] clusterOfRow, float[] popularity) {
    Objects.requireNonNull(normalised, "normalised");
    if (clusterOfRow.length != normalised.count() || popularity.length != normalised.count()) {
      throw new IllegalArgumentException("clusterOfRow (" + clusterOfRow.length + ") and popularity ("
          + popularity.length + ") must have one entry per vector row (" + normalised.count() + ")");
    }
    for (float p : popularity) {
      if (!(p >= 0) || Float.isInfinite(p)) throw new IllegalArgumentException("popularity must be finite and >= 0: " + p);
    }
    this.vectors = normalised.data();
    this.dim = normalised.dim();
    this.clusterOfRow = clusterOfRow;
    this.popularity = popularity;
    this.logPopularity = new float[popularity.length];
    for (int i = 0; i < popularity.length; i++) logPopularity[i] = (float) Math.log1p(popularity[i]);
  }

  /** The name of feature {@code k}, for explanations and reports. */
  public static String name(int k) {
    return NAME[k];
  }

  /**
   * Writes the features of (user, the trigger at history position {@code triggerPosition}, target)
   * into {@code out[0..COUNT)}.
   *
   * @param rank the target's position in the trigger's list
   * @param score the pair's i2i score; {@code count} its co-engagement count
   * @param listTopScore the best score in the trigger's list (> 0)
   * @param support how many of the user's triggers list the target; {@code scoreSum} their scores' sum
   * @param popularityDelta added to the target's popularity (the trainer passes -1 to take the user's
   *     own engagement back out; serving passes 0)
   */
  public void compute(UserContext user, int triggerPosition, int target, int rank, float score, int count,
      float listTopScore, int support, float scoreSum, float popularityDelta, float[] out) {
    int trigger = user.historyRow(triggerPosition);
    float[] u = user.userVectorView();
    int to = target * dim;
    int tr = trigger * dim;
    float cosUser = 0;
    float cosTrigger = 0;
    for (int d = 0; d < dim; d++) {
      float v = vectors[to + d];
      cosUser += u[d] * v;
      cosTrigger += vectors[tr + d] * v;
    }
    int cluster = clusterOfRow[target];
    float mixture = user.mixtureWeight(cluster);
    float same = cluster >= 0 && cluster == clusterOfRow[trigger] ? 1f : 0f;
    float recency = triggerPosition < TABLE ? RECENCY[triggerPosition] : (float) Math.pow(TRIGGER_DECAY, triggerPosition);
    long age = user.nowMillis() - user.historyTime(triggerPosition);
    out[I2I_SCORE] = score;
    out[RELATIVE_SCORE] = listTopScore > 0 ? score / listTopScore : 0;
    out[LOG_RANK] = log1p(rank);
    out[LOG_COUNT] = log1p(count);
    out[TRIGGER_POSITION] = triggerPosition;
    out[TRIGGER_RECENCY] = recency;
    out[LOG_TRIGGER_AGE_HOURS] = age > 0 ? (float) Math.log1p(age / HOUR_MILLIS) : 0;
    out[COS_USER_TARGET] = cosUser;
    out[COS_TRIGGER_TARGET] = cosTrigger;
    out[MIXTURE_WEIGHT] = mixture;
    out[SAME_CLUSTER] = same;
    out[LOG_POPULARITY] = popularityDelta == 0 ? logPopularity[target]
        : (float) Math.log1p(Math.max(0, popularity[target] + popularityDelta));
    out[TRIGGER_SUPPORT] = support;
    out[SCORE_SUM] = scoreSum;
    out[COS_USER_X_I2I] = cosUser * score;
    out[MIXTURE_X_I2I] = mixture * score;
    out[COS_USER_X_SUPPORT] = cosUser * support;
    out[MIXTURE_X_SUPPORT] = mixture * support;
    out[COS_USER_X_COS_TRIGGER] = cosUser * cosTrigger;
    out[MIXTURE_X_SAME_CLUSTER] = mixture * same;
    out[RECENCY_X_I2I] = recency * score;
  }

  private static float log1p(int v) {
    return v >= 0 && v < TABLE ? LOG1P[v] : (float) Math.log1p(v);
  }
}
