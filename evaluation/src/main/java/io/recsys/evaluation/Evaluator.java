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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Scores a {@link Recommender} on a {@link Split}: asks it for each test user's top-K list (K = the
 * largest cutoff), and measures accuracy at every cutoff and beyond-accuracy properties of the lists
 * at one cutoff. Users whose list is shorter than K keep their short list (their misses count); the
 * number of such users is reported. Immutable; {@link #evaluate} may be called from any thread.
 */
public final class Evaluator {
  /** Cutoffs reported by default: the reference table's columns plus 20. */
  public static final int[] DEFAULT_CUTOFFS = {10, 20, 50, 200};
  /** Cutoff at which coverage, diversity, novelty and exposure fairness are measured. */
  public static final int DEFAULT_LIST_CUTOFF = 10;

  private final int[] cutoffs;
  private final int listCutoff;
  private final IntraListDiversity diversity;
  private final int threads;

  /**
   * @param cutoffs the K values for accuracy, positive and distinct
   * @param listCutoff the K for beyond-accuracy measures
   * @param diversity item categories (and optionally embeddings) for intra-list diversity
   */
  public Evaluator(int[] cutoffs, int listCutoff, IntraListDiversity diversity) {
    this(cutoffs, listCutoff, diversity, Runtime.getRuntime().availableProcessors());
  }

  /** As above, scoring on {@code threads} threads. */
  public Evaluator(int[] cutoffs, int listCutoff, IntraListDiversity diversity, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    this.threads = threads;
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
   * Scores every test user, on {@link #threads} threads (each with its own {@link Recommender#fork()}).
   * Per-user values are summed in user order afterwards, so the result does not depend on the number
   * of threads.
   *
   * @param progress called with the number of users done so far, every 1000 users, from worker
   *     threads (must be thread-safe; may be a no-op)
   */
  public Result evaluate(Split split, Recommender recommender, IntConsumer progress) {
    UserSequences train = split.train();
    int[] users = split.testUsers();
    int maxK = Math.max(cutoffs[cutoffs.length - 1], listCutoff);
    Novelty novelty = new Novelty(train.usersPerItem(), train.activeUsers());
    // Per user: 6 accuracy values per cutoff, then ILD by category, ILD by embedding, novelty.
    int width = cutoffs.length * 6 + 3;
    double[][] perUser = new double[users.length][];
    int[][] topLists = new int[users.length][];
    boolean[] shortList = new boolean[users.length];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();

    Runnable worker = () -> {
      Recommender r = recommender.fork();
      int[] list = new int[maxK];
      for (int n = next.getAndIncrement(); n < users.length; n = next.getAndIncrement()) {
        int u = users[n];
        int[] relevant = split.testItems(u);
        int len = r.recommend(u, maxK, list);
        double[] v = new double[width];
        for (int c = 0; c < cutoffs.length; c++) {
          int k = cutoffs[c];
          v[c * 6] = AccuracyMetrics.hitRate(list, len, k, relevant);
          v[c * 6 + 1] = AccuracyMetrics.recall(list, len, k, relevant);
          v[c * 6 + 2] = AccuracyMetrics.precision(list, len, k, relevant);
          v[c * 6 + 3] = AccuracyMetrics.ndcg(list, len, k, relevant);
          v[c * 6 + 4] = AccuracyMetrics.reciprocalRank(list, len, k, relevant);
          v[c * 6 + 5] = AccuracyMetrics.averagePrecision(list, len, k, relevant);
        }
        int top = Math.min(len, listCutoff);
        v[width - 3] = diversity.byCategory(list, top);
        v[width - 2] = diversity.hasEmbeddings() ? diversity.byEmbedding(list, top) : 0;
        v[width - 1] = novelty.of(list, top);
        perUser[n] = v;
        topLists[n] = Arrays.copyOf(list, top);
        shortList[n] = len < maxK;
        int d = done.incrementAndGet();
        if (d % 1000 == 0) progress.accept(d);
      }
    };
    runOnThreads(worker, Math.min(threads, Math.max(1, users.length)));

    double[] sums = new double[width];
    CatalogueCoverage coverage = new CatalogueCoverage(train.itemCount());
    int shortLists = 0;
    for (int n = 0; n < users.length; n++) {
      for (int j = 0; j < width; j++) sums[j] += perUser[n][j];
      coverage.add(topLists[n], topLists[n].length);
      if (shortList[n]) shortLists++;
    }
    int m = Math.max(1, users.length);
    List<AccuracyAtK> accuracy = new ArrayList<>();
    for (int c = 0; c < cutoffs.length; c++) {
      int b = c * 6;
      accuracy.add(new AccuracyAtK(cutoffs[c], sums[b] / m, sums[b + 1] / m, sums[b + 2] / m, sums[b + 3] / m,
          sums[b + 4] / m, sums[b + 5] / m));
    }
    BeyondAccuracy beyond = new BeyondAccuracy(listCutoff, coverage.value(), sums[width - 3] / m,
        diversity.hasEmbeddings() ? sums[width - 2] / m : null, sums[width - 1] / m);
    return new Result(accuracy, beyond, users.length, shortLists, topLists);
  }

  /** Runs {@code worker} on {@code n} threads and waits; a failure in any thread is rethrown here. */
  private static void runOnThreads(Runnable worker, int n) {
    if (n == 1) {
      worker.run();
      return;
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < n; t++) futures.add(pool.submit(worker));
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) throw re;
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while evaluating", e);
        }
      }
    }
  }
}
