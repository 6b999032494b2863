package io.recsys.evaluation;

import io.recsys.evaluation.baseline.Recommender;
import io.recsys.evaluation.metrics.AccuracyMetrics;
import io.recsys.evaluation.metrics.CatalogueCoverage;
import io.recsys.evaluation.metrics.IntraListDiversity;
import io.recsys.evaluation.metrics.Novelty;
import io.recsys.evaluation.report.AccuracyAtK;
import io.recsys.evaluation.report.BeyondAccuracy;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.UserSequences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores a {@link Recommender} on a {@link Split}: asks it for each test user's top-K list (K = the
 * largest cutoff), and measures accuracy at every cutoff and beyond-accuracy properties of the lists
 * at one cutoff. Users whose list is shorter than K keep their short list (their misses count); the
 * number of such users is reported. Not thread-safe.
 */
public final class Evaluator {
  /** Cutoffs reported by default: the reference table's columns plus 20. */
  public static final int[] DEFAULT_CUTOFFS = {10, 20, 50, 200};
  /** Cutoff at which coverage, diversity, novelty and exposure fairness are measured. */
  public static final int DEFAULT_LIST_CUTOFF = 10;

  private final int[] cutoffs;
  private final int listCutoff;
  private final IntraListDiversity diversity;

  /**
   * @param cutoffs the K values for accuracy, positive and distinct
   * @param listCutoff the K for beyond-accuracy measures
   * @param diversity item categories (and optionally embeddings) for intra-list diversity
   */
  public Evaluator(int[] cutoffs, int listCutoff, IntraListDiversity diversity) {
    if (cutoffs.length == 0) throw new IllegalArgumentException("at least one cutoff is needed");
    this.cutoffs = cutoffs.clone();
    Arrays.sort(this.cutoffs);
    for (int i = 0; i < this.cutoffs.length; i++) {
      if (this.cutoffs[i] <= 0) throw new IllegalArgumentException("cutoffs must be positive, got " + this.cutoffs[i]);
      if (i > 0 && this.cutoffs[i] == this.cutoffs[i - 1]) throw new IllegalArgumentException("cutoff " + this.cutoffs[i] + " given twice");
    }
    if (listCutoff <= 0) throw new IllegalArgumentException("listCutoff must be positive, was " + listCutoff);
    this.listCutoff = listCutoff;
    this.diversity = diversity;
  }

  /** What one evaluation produced; the lists themselves are kept for exposure measures. */
  public record Result(List<AccuracyAtK> accuracy, BeyondAccuracy beyond, int testUsers, int shortLists,
      int[][] topLists) {}

  /**
   * @param progress called with the number of users done so far, every 1000 users (may be a no-op)
   */
  public Result evaluate(Split split, Recommender recommender, IntConsumer progress) {
    UserSequences train = split.train();
    int[] users = split.testUsers();
    int maxK = Math.max(cutoffs[cutoffs.length - 1], listCutoff);
    int[] list = new int[maxK];
    double[][] sums = new double[cutoffs.length][6];
    CatalogueCoverage coverage = new CatalogueCoverage(train.itemCount());
    Novelty novelty = new Novelty(train.usersPerItem(), train.activeUsers());
    double ildCategory = 0;
    double ildEmbedding = 0;
    double noveltySum = 0;
    int shortLists = 0;
    int[][] topLists = new int[users.length][];
    for (int n = 0; n < users.length; n++) {
      int u = users[n];
      int[] relevant = split.testItems(u);
      int len = recommender.recommend(u, maxK, list);
      if (len < maxK) shortLists++;
      for (int c = 0; c < cutoffs.length; c++) {
        int k = cutoffs[c];
        double[] s = sums[c];
        s[0] += AccuracyMetrics.hitRate(list, len, k, relevant);
        s[1] += AccuracyMetrics.recall(list, len, k, relevant);
        s[2] += AccuracyMetrics.precision(list, len, k, relevant);
        s[3] += AccuracyMetrics.ndcg(list, len, k, relevant);
        s[4] += AccuracyMetrics.reciprocalRank(list, len, k, relevant);
        s[5] += AccuracyMetrics.averagePrecision(list, len, k, relevant);
      }
      int top = Math.min(len, listCutoff);
      coverage.add(list, top);
      ildCategory += diversity.byCategory(list, top);
      if (diversity.hasEmbeddings()) ildEmbedding += diversity.byEmbedding(list, top);
      noveltySum += novelty.of(list, top);
      topLists[n] = Arrays.copyOf(list, top);
      if ((n + 1) % 1000 == 0) progress.accept(n + 1);
    }
    int m = Math.max(1, users.length);
    List<AccuracyAtK> accuracy = new ArrayList<>();
    for (int c = 0; c < cutoffs.length; c++) {
      double[] s = sums[c];
      accuracy.add(new AccuracyAtK(cutoffs[c], s[0] / m, s[1] / m, s[2] / m, s[3] / m, s[4] / m, s[5] / m));
    }
    BeyondAccuracy beyond = new BeyondAccuracy(listCutoff, coverage.value(), ildCategory / m,
        diversity.hasEmbeddings() ? ildEmbedding / m : null, noveltySum / m);
    return new Result(accuracy, beyond, users.length, shortLists, topLists);
  }
}
