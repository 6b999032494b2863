package io.recsys.ranking.features;

import io.recsys.featurestore.store.ItemCounters;
import java.util.Arrays;

/**
 * Computes the ranker's inputs for one user's candidates: the dense features of
 * {@link RankingFeatures} (raw), each candidate's target vector, and the user's behaviour sequence
 * with its mask. The same code runs offline (a {@link PointInTimeReplay} as the {@link ItemStats},
 * the user's sequence before the example) and online (the tables' {@link FrozenItemStats}, the
 * feature store's history and counters), so the two agree bit for bit for the same state.
 *
 * <p>User-side quantities (behaviours, mean vector, cluster mixture, newest three items) are computed
 * once per call; the per-candidate loop allocates nothing. Not thread-safe: the scratch buffers are
 * reused; one assembler per thread.
 */
public final class FeatureAssembler {
  private static final double MILLIS_PER_HOUR = 3_600_000.0;
  private static final double MILLIS_PER_DAY = 86_400_000.0;
  /** 1970-01-01 was a Thursday: add 3 so that Monday is day 0. */
  private static final int EPOCH_WEEKDAY_OFFSET = 3;
  private static final double TWO_PI = 2 * Math.PI;
  /** Weights of the newest three items in the transition heuristic (TGH, METHODS.md §9). */
  private static final double[] HEURISTIC_WEIGHTS = {1.0, 0.5, 0.25};
  /** Features not depending on the category count: 2 + 2·sources + 3 + 3 + 5 + 4 + 3 + 1 + 2 + 4. */
  private static final int FIXED_FEATURES = 2 + 2 * RankingFeatures.SOURCES.size() + 3 + 3 + 5 + 4 + 3 + 1 + 2 + 4;

  private final RankingFeatures features;
  private final RankerTables tables;
  private final int d, e, l, categories, clusters;
  private final long interestHalfLife;
  private final double interestMinWeight;
  private final float[] vectors, centroids;
  private final int[] clusterOf;
  private final long[] categoryBits;

  // Per-call scratch.
  private final int[] behaviourRow;
  private final long[] behaviourBits;
  private final float[] meanVector;
  private final float[] mixtureVector;
  private final double[] clusterWeight;
  private final int[] activeCluster;

  FeatureAssembler(RankingFeatures features) {
    this.features = features;
    this.tables = features.tables();
    this.d = features.denseDim();
    this.e = tables.dim();
    this.l = features.sequenceLength();
    this.categories = tables.categories().size();
    this.clusters = tables.clusterCount();
    this.interestHalfLife = features.config().interestHalfLifeMillis();
    this.interestMinWeight = features.config().interestMinWeight();
    this.vectors = tables.vectorsArray();
    this.centroids = tables.centroidsArray();
    this.clusterOf = tables.clusterArray();
    this.categoryBits = tables.categoryBitsArray();
    behaviourRow = new int[l];
    behaviourBits = new long[l];
    meanVector = new float[e];
    mixtureVector = new float[e];
    clusterWeight = new double[clusters];
    activeCluster = new int[clusters];
  }

  static int denseDimFor(int categoryCount) {
    return FIXED_FEATURES + categoryCount;
  }

  public RankingFeatures features() {
    return features;
  }

  /**
   * Fills the inputs of candidates {@code 0..n-1}.
   *
   * @param user the history known before {@code now}, newest first; unknown items (-1) are skipped
   * @param candidates the candidates, in retrieval order ({@link CandidateView#rank()} says the position)
   * @param n how many of {@code candidates} to assemble; also the list size of the rank feature
   * @param stats item statistics as of {@code now}
   * @param counters per candidate, its live counters; null (or a null element) means all zero
   * @param now the scoring moment, epoch millis
   * @param denseOut [n*D] raw dense features
   * @param targetOut [n*E] the candidates' unit vectors (zero for unknown items)
   * @param behavioursOut [L*E] the newest L known history items' unit vectors, newest first, zero padded
   * @param maskOut [L] 1 for a real behaviour, 0 for padding
   */
  public void assemble(UserView user, CandidateView[] candidates, int n, ItemStats stats, ItemCounters[] counters, long now,
      float[] denseOut, float[] targetOut, float[] behavioursOut, float[] maskOut) {
    if (n < 0 || n > candidates.length) throw new IllegalArgumentException("n " + n + " outside the " + candidates.length + " candidates");
    if (denseOut.length < n * d) throw new IllegalArgumentException("denseOut holds " + denseOut.length + " floats, needs n*D = " + n * d);
    if (targetOut.length < n * e) throw new IllegalArgumentException("targetOut holds " + targetOut.length + " floats, needs n*E = " + n * e);
    if (behavioursOut.length < l * e) throw new IllegalArgumentException("behavioursOut holds " + behavioursOut.length + " floats, needs L*E = " + l * e);
    if (maskOut.length < l) throw new IllegalArgumentException("maskOut holds " + maskOut.length + " floats, needs L = " + l);
    if (counters != null && counters.length < n) throw new IllegalArgumentException("counters for " + counters.length + " of " + n + " candidates");

    int behaviours = prepareUser(user, now, behavioursOut, maskOut);
    int activeClusters = 0;
    for (int c = 0; c < clusters; c++) if (clusterWeight[c] >= interestMinWeight && clusterWeight[c] > 0) activeCluster[activeClusters++] = c;

    // User and context features are the same for every candidate.
    float logHistory = (float) Math.log1p(user.length());
    float logHours = user.length() == 0 ? 0f
        : (float) Math.log1p(Math.max(0L, now - user.timestamps()[0]) / MILLIS_PER_HOUR);
    long dayMillis = Math.floorMod(now, 86_400_000L);
    double hour = dayMillis / MILLIS_PER_HOUR;
    double weekday = Math.floorMod(Math.floorDiv(now, 86_400_000L) + EPOCH_WEEKDAY_OFFSET, 7L) + dayMillis / MILLIS_PER_DAY;
    float hourSin = (float) Math.sin(TWO_PI * hour / 24), hourCos = (float) Math.cos(TWO_PI * hour / 24);
    float daySin = (float) Math.sin(TWO_PI * weekday / 7), dayCos = (float) Math.cos(TWO_PI * weekday / 7);
    int last1 = behaviours > 0 ? behaviourRow[0] : -1;
    int last2 = behaviours > 1 ? behaviourRow[1] : -1;
    int last3 = behaviours > 2 ? behaviourRow[2] : -1;

    for (int j = 0; j < n; j++) {
      CandidateView cand = candidates[j];
      int o = j * d;
      int item = cand.item();
      denseOut[o++] = cand.retrievalScore();
      denseOut[o++] = n == 0 ? 0f : (float) cand.rank() / n;
      float[] sourceScores = cand.sourceScores();
      for (int s = 0; s < sourceScores.length; s++) {
        float score = sourceScores[s];
        boolean found = !Float.isNaN(score);
        denseOut[o++] = found ? 1f : 0f;
        denseOut[o++] = !found ? 0f : s == RankingFeatures.POPULAR_SOURCE ? (float) Math.log1p(Math.max(0f, score)) : score;
      }
      if (item < 0) {
        // Unknown item: every item feature is 0; the target vector too.
        int itemFeatures = 3 + 3 + 5 + 4 + 3 + 1 + categories;
        Arrays.fill(denseOut, o, o + itemFeatures, 0f);
        o += itemFeatures;
        Arrays.fill(targetOut, j * e, j * e + e, 0f);
      } else {
        int t = item * e;
        System.arraycopy(vectors, t, targetOut, j * e, e);
        // Popularity.
        denseOut[o++] = (float) Math.log1p(stats.totalCount(item));
        denseOut[o++] = (float) Math.log1p(stats.decayedCount(item, now));
        long first = stats.firstSeen(item);
        denseOut[o++] = first == Long.MIN_VALUE ? 0f : (float) Math.log1p(Math.max(0L, now - first) / MILLIS_PER_DAY);
        // Live counters.
        ItemCounters ic = counters == null ? null : counters[j];
        if (ic == null) {
          denseOut[o++] = 0f;
          denseOut[o++] = 0f;
          denseOut[o++] = 0f;
        } else {
          denseOut[o++] = (float) Math.log1p(Math.max(0, ic.clicks()));
          denseOut[o++] = (float) Math.log1p(Math.max(0, ic.purchases()));
          denseOut[o++] = (float) ic.ctr();
        }
        // Transitions from the newest items into the candidate.
        int t1 = last1 < 0 ? 0 : stats.transitions(last1, item);
        int t2 = last2 < 0 ? 0 : stats.transitions(last2, item);
        int t3 = last3 < 0 ? 0 : stats.transitions(last3, item);
        long window = 0;
        for (int b = 0; b < behaviours; b++) window += b == 0 ? t1 : b == 1 ? t2 : b == 2 ? t3 : stats.transitions(behaviourRow[b], item);
        denseOut[o++] = (float) Math.log1p(t1);
        denseOut[o++] = (float) Math.log1p(t2);
        denseOut[o++] = (float) Math.log1p(t3);
        denseOut[o++] = (float) Math.log1p(HEURISTIC_WEIGHTS[0] * t1 + HEURISTIC_WEIGHTS[1] * t2 + HEURISTIC_WEIGHTS[2] * t3);
        denseOut[o++] = (float) Math.log1p(window);
        // Similarity to the behaviours.
        float simLast = 0f, simMax = 0f, simSum = 0f;
        for (int b = 0; b < behaviours; b++) {
          float cos = dot(vectors, t, vectors, behaviourRow[b] * e);
          if (b == 0) {
            simLast = cos;
            simMax = cos;
          } else if (cos > simMax) {
            simMax = cos;
          }
          simSum += cos;
        }
        denseOut[o++] = simLast;
        denseOut[o++] = simMax;
        denseOut[o++] = behaviours == 0 ? 0f : simSum / behaviours;
        denseOut[o++] = behaviours == 0 ? 0f : dot(vectors, t, meanVector, 0);
        // Interests.
        int cluster = clusterOf[item];
        denseOut[o++] = cluster < 0 ? 0f : (float) clusterWeight[cluster];
        denseOut[o++] = dot(vectors, t, mixtureVector, 0);
        float maxActive = 0f;
        for (int k = 0; k < activeClusters; k++) {
          float cos = dot(vectors, t, centroids, activeCluster[k] * e);
          if (k == 0 || cos > maxActive) maxActive = cos;
        }
        denseOut[o++] = maxActive;
        // Categories.
        long bits = categoryBits[item];
        int sharing = 0;
        for (int b = 0; b < behaviours; b++) if ((behaviourBits[b] & bits) != 0) sharing++;
        denseOut[o++] = behaviours == 0 ? 0f : (float) sharing / behaviours;
        for (int k = 0; k < categories; k++) denseOut[o++] = (bits >>> k & 1L) != 0 ? 1f : 0f;
      }
      denseOut[o++] = logHistory;
      denseOut[o++] = logHours;
      denseOut[o++] = hourSin;
      denseOut[o++] = hourCos;
      denseOut[o++] = daySin;
      denseOut[o++] = dayCos;
      if (o != (j + 1) * d) throw new IllegalStateException("assembled " + (o - j * d) + " features, schema has " + d);
    }
  }

  /**
   * Behaviours (newest L known items), their mean direction, and the recency-decayed cluster
   * mixture over the whole known history. Returns the number of behaviours.
   */
  private int prepareUser(UserView user, long now, float[] behavioursOut, float[] maskOut) {
    Arrays.fill(behavioursOut, 0, l * e, 0f);
    Arrays.fill(maskOut, 0, l, 0f);
    Arrays.fill(meanVector, 0f);
    Arrays.fill(mixtureVector, 0f);
    Arrays.fill(clusterWeight, 0);
    int[] items = user.items();
    long[] ts = user.timestamps();
    int behaviours = 0;
    double totalWeight = 0;
    for (int k = 0; k < user.length(); k++) {
      int item = items[k];
      if (item < 0) continue;
      if (item >= clusterOf.length) throw new IllegalArgumentException("history item row " + item + " outside the " + clusterOf.length + " items");
      if (behaviours < l) {
        behaviourRow[behaviours] = item;
        behaviourBits[behaviours] = categoryBits[item];
        System.arraycopy(vectors, item * e, behavioursOut, behaviours * e, e);
        maskOut[behaviours] = 1f;
        for (int x = 0; x < e; x++) meanVector[x] += vectors[item * e + x];
        behaviours++;
      }
      double w = ItemStats.decay(1.0, ts[k], now, interestHalfLife);
      totalWeight += w;
      int c = clusterOf[item];
      if (c >= 0) clusterWeight[c] += w;
    }
    normalise(meanVector);
    if (totalWeight > 0) {
      for (int c = 0; c < clusters; c++) {
        clusterWeight[c] /= totalWeight;
        float w = (float) clusterWeight[c];
        if (w == 0f) continue;
        for (int x = 0; x < e; x++) mixtureVector[x] += w * centroids[c * e + x];
      }
    }
    return behaviours;
  }

  private float dot(float[] a, int aOff, float[] b, int bOff) {
    float s = 0f;
    for (int x = 0; x < e; x++) s += a[aOff + x] * b[bOff + x];
    return s;
  }

  private static void normalise(float[] v) {
    double s = 0;
    for (float x : v) s += (double) x * x;
    if (s == 0) return;
    float inv = (float) (1 / Math.sqrt(s));
    for (int x = 0; x < v.length; x++) v[x] *= inv;
  }
}
