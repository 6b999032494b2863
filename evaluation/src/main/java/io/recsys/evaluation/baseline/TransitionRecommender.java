package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.util.Arrays;

/**
 * Reference baseline: the last-items transition heuristic (the "embarrassingly simple graph
 * heuristic" every sequential model must beat). T[i][j] counts how often j directly follows i in a
 * user's training sequence; a user's score is
 * {@code Σ_h w_h · T[h-th last item][j] + knnWeight · ItemKNN score(j)} with w = (1, 0.5, 0.25) over
 * the last three items; the small ItemKNN term orders items the graph does not reach. Not
 * thread-safe (scratch buffers).
 */
public final class TransitionRecommender implements Recommender {
  /** Weights of the last, second-last and third-last item. */
  public static final double[] DEFAULT_RECENCY_WEIGHTS = {1.0, 0.5, 0.25};
  public static final double DEFAULT_KNN_WEIGHT = 0.001;

  private final UserSequences train;
  private final int[] rowStart;
  private final int[] successors;
  private final int[] counts;
  private final ItemSimilarity similarity;
  private final double[] recencyWeights;
  private final double knnWeight;
  private final ItemOrder order;
  private final TopKSelector selector;
  private final double[] scores;

  public TransitionRecommender(UserSequences train, ItemOrder order) {
    this(train, order, DEFAULT_RECENCY_WEIGHTS, DEFAULT_KNN_WEIGHT);
  }

  public TransitionRecommender(UserSequences train, ItemOrder order, double[] recencyWeights, double knnWeight) {
    this.train = train;
    this.recencyWeights = recencyWeights.clone();
    this.knnWeight = knnWeight;
    this.similarity = knnWeight != 0 ? new ItemSimilarity(train) : null;
    this.order = order;
    this.selector = new TopKSelector(order, train);
    this.scores = new double[train.itemCount()];

    // Count transitions: encode each (from, to) pair as one long, sort, run-length count.
    long[] pairs = new long[Math.max(0, train.totalLength() - train.activeUsers())];
    int n = 0;
    for (int u = 0; u < train.userCount(); u++) {
      for (int p = 1; p < train.length(u); p++) {
        pairs[n++] = ((long) train.item(u, p - 1) << 32) | train.item(u, p);
      }
    }
    Arrays.sort(pairs, 0, n);
    int items = train.itemCount();
    rowStart = new int[items + 1];
    int[] to = new int[n];
    int[] cnt = new int[n];
    int distinct = 0;
    for (int q = 0; q < n; q++) {
      if (distinct > 0 && pairs[q] == pairs[q - 1]) {
        cnt[distinct - 1]++;
      } else {
        int from = (int) (pairs[q] >>> 32);
        rowStart[from + 1]++;
        to[distinct] = (int) pairs[q];
        cnt[distinct] = 1;
        distinct++;
      }
    }
    for (int i = 0; i < items; i++) rowStart[i + 1] += rowStart[i];
    successors = Arrays.copyOf(to, distinct);
    counts = Arrays.copyOf(cnt, distinct);
  }

  private TransitionRecommender(TransitionRecommender shared) {
    train = shared.train;
    rowStart = shared.rowStart;
    successors = shared.successors;
    counts = shared.counts;
    similarity = shared.similarity;
    recencyWeights = shared.recencyWeights;
    knnWeight = shared.knnWeight;
    order = shared.order;
    selector = new TopKSelector(order, train);
    scores = new double[train.itemCount()];
  }

  @Override
  public Recommender fork() {
    return new TransitionRecommender(this);
  }

  @Override
  public String name() {
    return "transition";
  }

  /** T[from][to]. */
  public int transitions(int from, int to) {
    int q = Arrays.binarySearch(successors, rowStart[from], rowStart[from + 1], to);
    return q >= 0 ? counts[q] : 0;
  }

  @Override
  public int recommend(int user, int k, int[] out) {
    Arrays.fill(scores, 0);
    int len = train.length(user);
    for (int h = 0; h < recencyWeights.length && h < len; h++) {
      int from = train.item(user, len - 1 - h);
      double w = recencyWeights[h];
      for (int q = rowStart[from]; q < rowStart[from + 1]; q++) scores[successors[q]] += w * counts[q];
    }
    if (similarity != null) ItemKnnRecommender.addScores(train, similarity, user, knnWeight, scores);
    return selector.select(user, scores, k, out);
  }
}
