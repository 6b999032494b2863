package io.recsys.candidate.interest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.embed.AlsConfig;
import io.recsys.candidate.embed.AlsModel;
import io.recsys.candidate.embed.ImplicitAls;
import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.embed.SharedMovieLens;
import io.recsys.evaluation.Evaluator;
import io.recsys.evaluation.baseline.Recommender;
import io.recsys.evaluation.metrics.IntraListDiversity;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.UserSequences;
import it.unimi.dsi.fastutil.ints.IntArrays;
import org.junit.jupiter.api.Test;

/**
 * Interest clusters and mixtures on MovieLens 100K (leave-last-out): how well a user's mixture
 * predicts the cluster of the held-out item, and the HR@200 of an exact kNN-Embed-style retrieval
 * (each cluster's budget share filled with the user's best unseen items of that cluster) next to
 * plain ALS top-200. Skipped with a message when the shared dataset is absent; prints its numbers.
 */
class InterestsOnMovieLensTest {
  private static final double POPULARITY_HR_200 = 0.432;

  @Test
  void mixturesPredictTheHeldOutClusterAndMixtureRetrievalBeatsPopularity() {
    SharedMovieLens.Loaded ml = SharedMovieLens.load();
    Split split = ml.split();
    UserSequences train = split.train();
    AlsModel model = new ImplicitAls(AlsConfig.defaults()).fit(train, ml.itemIds(), (d, t) -> {});

    long start = System.nanoTime();
    InterestClusters clusters = new SphericalKMeans(KMeansConfig.defaults()).fit(model.items(), (d, t) -> {});
    long kmeansMillis = (System.nanoTime() - start) / 1_000_000;
    int k = clusters.clusterCount();
    StringBuilder sizes = new StringBuilder();
    for (int c = 0; c < k; c++) sizes.append(c == 0 ? "" : ",").append(clusters.size(c));
    System.out.printf("k-means on ml-100k ALS items: %d clusters in %d ms, sizes %s%n", k, kmeansMillis, sizes);

    Evaluator evaluator = new Evaluator(new int[] {200}, 10, IntraListDiversity.ofItemCategories(ml.data(), null));
    double uniform = Math.log(1.0 / k);
    for (double beta : new double[] {0, 0.05, 0.2, 1.0}) {
      MixtureConfig config = MixtureConfig.defaults().withBeta(beta);
      start = System.nanoTime();
      float[][] pi = InterestMixtures.build(train, clusters, model.userFactors(), model.items().dim(), config, (d, t) -> {});
      long mixMillis = (System.nanoTime() - start) / 1_000_000;
      double logLik = 0;
      int top = 0;
      int n = 0;
      for (int u : split.testUsers()) {
        int c = clusters.cluster(split.testItems(u)[0]);
        if (c == InterestClusters.UNASSIGNED || pi[u] == null) continue;
        logLik += Math.log(pi[u][c]);
        int best = 0;
        for (int j = 1; j < k; j++) if (pi[u][j] > pi[u][best]) best = j;
        if (best == c) top++;
        n++;
      }
      String retrieval = "";
      if (beta == 0 || beta == MixtureConfig.DEFAULT_BETA) { // the evaluation is the slow part: two settings only
        Evaluator.Result r = evaluator.evaluate(split,
            new MixtureRetrieval(model.items(), model.userFactors(), pi, clusters, train, ml.order()), done -> {});
        double hr200 = r.accuracy().get(0).hitRate();
        retrieval = String.format("; mixture retrieval HR@200 %.3f", hr200);
        assertThat(hr200).as("mixture retrieval HR@200, beta %s", beta).isGreaterThan(POPULARITY_HR_200);
      }
      System.out.printf("mixtures beta=%.2f (k=%d, addAlpha=%.1f, halfLife=%.0f d): built in %d ms; held-out cluster "
          + "mean log-lik %.3f (uniform %.3f), top-cluster hit %.3f%s%n",
          beta, config.neighbours(), config.addAlpha(), config.halfLifeDays(), mixMillis, logLik / n, uniform,
          (double) top / n, retrieval);
      assertThat(logLik / n).as("mean log-likelihood of the held-out cluster, beta %s", beta).isGreaterThan(uniform);
    }
  }

  /**
   * kNN-Embed retrieval done exactly: the budget is split over clusters by {@link BudgetAllocator}
   * (floor 2 from weight 0.05), each share filled with the user's best-scored unseen members of the
   * cluster, shortfalls filled from the global ranking; the union is returned best score first.
   */
  private static final class MixtureRetrieval implements Recommender {
    private final ItemVectors items;
    private final float[] userFactors;
    private final float[][] pi;
    private final InterestClusters clusters;
    private final UserSequences train;
    private final ItemOrder order;
    private final float[] scores;
    private final int[] seenBy;
    private final int[] picked;
    private final int[][] members;

    MixtureRetrieval(ItemVectors items, float[] userFactors, float[][] pi, InterestClusters clusters, UserSequences train,
        ItemOrder order) {
      this.items = items;
      this.userFactors = userFactors;
      this.pi = pi;
      this.clusters = clusters;
      this.train = train;
      this.order = order;
      this.scores = new float[items.count()];
      this.seenBy = new int[items.count()];
      this.picked = new int[items.count()];
      this.members = new int[clusters.clusterCount()][];
      for (int c = 0; c < members.length; c++) members[c] = clusters.members(c);
    }

    @Override
    public String name() {
      return "mixture";
    }

    @Override
    public int recommend(int user, int k, int[] out) {
      int d = items.dim();
      float[] x = new float[d];
      System.arraycopy(userFactors, user * d, x, 0, d);
      int mark = user + 1;
      for (int p = 0; p < train.length(user); p++) seenBy[train.item(user, p)] = mark;
      for (int i = 0; i < items.count(); i++) scores[i] = items.dot(i, x);
      int n = 0;
      if (pi[user] != null) {
        int[] budget = BudgetAllocator.allocate(pi[user], k, 2, 0.05f);
        for (int c = 0; c < budget.length; c++) {
          if (budget[c] == 0) continue;
          int[] m = members[c].clone();
          sortByScore(m, m.length);
          int taken = 0;
          for (int j = 0; j < m.length && taken < budget[c]; j++) {
            if (seenBy[m[j]] == mark || picked[m[j]] == mark) continue;
            picked[m[j]] = mark;
            out[n++] = m[j];
            taken++;
          }
        }
      }
      if (n < k) {
        int[] all = new int[items.count()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        sortByScore(all, all.length);
        for (int j = 0; j < all.length && n < k; j++) {
          if (seenBy[all[j]] == mark || picked[all[j]] == mark) continue;
          picked[all[j]] = mark;
          out[n++] = all[j];
        }
      }
      sortByScore(out, n);
      return n;
    }

    private void sortByScore(int[] a, int len) {
      IntArrays.quickSort(a, 0, len, (p, q) -> {
        int c = Float.compare(scores[q], scores[p]);
        return c != 0 ? c : Integer.compare(order.rank(p), order.rank(q));
      });
    }

    @Override
    public Recommender fork() {
      return new MixtureRetrieval(items, userFactors, pi, clusters, train, order);
    }
  }
}
