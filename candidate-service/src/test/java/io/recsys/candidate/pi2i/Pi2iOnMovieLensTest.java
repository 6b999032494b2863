package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The PI2I measurements on MovieLens 100K (leave-last-out, users with >= 5 items; lists, embeddings,
 * clusters and the scorer are all built on the training part only). Prints the HitRate@N sweeps, the
 * scorer's held-out AUC against the i2i-score-only ranking, and HR@50/200/500 of the retriever alone,
 * and asserts that the personalised scorer retrieves at least as well as ranking the same candidates
 * by i2i score. Skips, saying why, without the shared dataset folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pi2iOnMovieLensTest {
  private static final int TRIGGERS = 10;
  private static final int[] LENGTHS = {10, 25, 50, 100, 200, 400, 800};
  private static final int DIM = 32;
  private static final int CLUSTERS = 20;

  private UserSequences all;
  private Split split;
  /** Swing lists at the longest swept length, built once; shorter lengths are these cut. */
  private ItemToItemIndex swing;
  private long swingBuildMs;

  private void load() throws IOException {
    if (split != null) return;
    Dataset data = Datasets.load(io.recsys.testsupport.SharedDatasets.movieLens100k(), DatasetFormat.RECBOLE, ErrorPolicy.FAIL);
    all = UserSequences.of(data, UserSequences.defaultPositiveTypes(), ItemOrder.of(data.items()));
    split = SplitProtocol.LEAVE_LAST_OUT.split(all, 5, 0, 0);
    long t0 = System.nanoTime();
    swing = ItemToItemIndex.build(split.train(),
        I2iConfig.defaults().withMethod(I2iMethod.SWING).withListLength(LENGTHS[LENGTHS.length - 1]),
        Progress.NONE);
    swingBuildMs = (System.nanoTime() - t0) / 1_000_000;
  }

  private List<HitRateSweep.Point> sweep(I2iMethod method) {
    ItemToItemIndex full = swing;
    long ms = swingBuildMs;
    if (method != I2iMethod.SWING) {
      long t0 = System.nanoTime();
      full = ItemToItemIndex.build(split.train(),
          I2iConfig.defaults().withMethod(method).withListLength(LENGTHS[LENGTHS.length - 1]), Progress.NONE);
      ms = (System.nanoTime() - t0) / 1_000_000;
    }
    List<HitRateSweep.Point> curve = HitRateSweep.sweep(full, split.train(), split.test(), TRIGGERS, LENGTHS);
    System.out.printf(Locale.ROOT, "%s sweep (build %d ms at N=%d, %d threads)%n", method.cliName(), ms,
        LENGTHS[LENGTHS.length - 1], I2iConfig.DEFAULT_THREADS);
    System.out.printf(Locale.ROOT, "%6s | %9s | %9s | %s%n", "N", "HitRate", "entries", "mean candidates");
    for (HitRateSweep.Point p : curve) {
      System.out.printf(Locale.ROOT, "%6d | %9.4f | %9d | %.1f%n", p.listLength(), p.hitRate(), p.entries(),
          p.meanCandidates());
    }
    System.out.println("knee: N = " + HitRateSweep.knee(curve, 0.01) + " at tolerance 0.01, N = "
        + HitRateSweep.knee(curve, HitRateSweep.DEFAULT_TOLERANCE) + " at " + HitRateSweep.DEFAULT_TOLERANCE);
    return curve;
  }

  @Test
  void hitRateGrowsWithListLengthAndTheDefaultLengthIsTheKnee() throws IOException {
    load();
    for (I2iMethod m : I2iMethod.values()) {
      List<HitRateSweep.Point> curve = sweep(m);
      for (int i = 1; i < curve.size(); i++) {
        assertThat(curve.get(i).hitRate()).isGreaterThanOrEqualTo(curve.get(i - 1).hitRate());
      }
      // Relaxed truncation: the knee is well beyond a production top-10 list.
      assertThat(HitRateSweep.knee(curve, 0.01)).isGreaterThan(10);
      assertThat(curve.getLast().hitRate()).isGreaterThan(0.5);
      if (m == I2iConfig.DEFAULT_METHOD) {
        assertThat(HitRateSweep.knee(curve, HitRateSweep.DEFAULT_TOLERANCE))
            .as("I2iConfig.DEFAULT_LIST_LENGTH is documented as this knee").isEqualTo(I2iConfig.DEFAULT_LIST_LENGTH);
      }
    }
  }

  @Test
  void personalisedScorerRetrievesAtLeastAsWellAsI2iScoreAlone() throws IOException {
    load();
    UserSequences train = split.train();
    ItemToItemIndex i2i = swing.truncated(I2iConfig.DEFAULT_LIST_LENGTH);
    assertThat(i2i.config().method()).isEqualTo(I2iConfig.DEFAULT_METHOD);
    ItemVectors vectors = TestEmbeddings.svd(train, DIM, 7).normalised();
    int[] clusters = TestEmbeddings.clusters(vectors, CLUSTERS, 7);
    PairScorerTrainer.Report report = PairScorerTrainer.trainWithReport(train, i2i, vectors, clusters, CLUSTERS,
        PairScorerTrainer.Config.defaults(), Progress.NONE);
    System.out.printf(Locale.ROOT, "i2i %s N=%d: %d entries%n", i2i.config().method().cliName(),
        i2i.config().listLength(), i2i.entries());
    System.out.printf(Locale.ROOT, "scorer: %d train pairs (%d positive), %d held-out pairs of %d users, %d ms;"
        + " held-out AUC %.4f, i2i-score-only %.4f, cosine-only %.4f%n", report.trainExamples(), report.trainPositives(),
        report.heldOutExamples(), report.heldOutUsers(), report.millis(), report.heldOutAuc(), report.i2iScoreOnlyAuc(),
        report.cosineOnlyAuc());
    System.out.print(report.scorer().describe());

    int[] popularity = train.usersPerItem();
    float[] pop = new float[popularity.length];
    for (int i = 0; i < pop.length; i++) pop[i] = popularity[i];
    double[] learnt = hitRates(new Pi2iRetriever(i2i, report.scorer(), vectors, clusters, CLUSTERS, pop, TRIGGERS), vectors, clusters);
    double[] byI2i = hitRates(new Pi2iRetriever(i2i, PairScorer.singleFeature(PairFeatures.I2I_SCORE), vectors, clusters,
        CLUSTERS, pop, TRIGGERS), vectors, clusters);
    double[] byCosine = hitRates(new Pi2iRetriever(i2i, PairScorer.singleFeature(PairFeatures.COS_USER_TARGET), vectors,
        clusters, CLUSTERS, pop, TRIGGERS), vectors, clusters);
    System.out.printf(Locale.ROOT, "retriever HR@50/200/500: personalised %.4f %.4f %.4f | i2i score only %.4f %.4f %.4f"
        + " | cosine only %.4f %.4f %.4f%n", learnt[0], learnt[1], learnt[2], byI2i[0], byI2i[1], byI2i[2], byCosine[0],
        byCosine[1], byCosine[2]);

    assertThat(report.heldOutAuc()).isGreaterThan(report.i2iScoreOnlyAuc());
    assertThat(learnt[1]).as("HR@200 personalised vs i2i score only").isGreaterThanOrEqualTo(byI2i[1]);
  }

  /** HR@50, HR@200, HR@500 of the retriever, context from each test user's training history. */
  private double[] hitRates(Pi2iRetriever retriever, ItemVectors vectors, int[] clusters) {
    int[] ks = {50, 200, 500};
    long[] hits = new long[ks.length];
    UserSequences train = split.train();
    int[] users = split.testUsers();
    Pi2iResult out = new Pi2iResult(500);
    long nanos = 0;
    for (int u : users) {
      int len = train.length(u);
      int[] rows = new int[len];
      long[] times = new long[len];
      for (int k = 0; k < len; k++) {
        rows[k] = train.item(u, len - 1 - k);
        times[k] = train.timestamp(u, len - 1 - k);
      }
      // Request time: when the held-out engagement happened (the request precedes it).
      long now = all.timestamp(u, all.length(u) - 1);
      UserContext ctx = UserContext.of(rows, times, len, now, vectors, clusters, CLUSTERS);
      long t0 = System.nanoTime();
      retriever.retrieve(ctx, 500, null, out);
      nanos += System.nanoTime() - t0;
      int next = split.testItems(u)[0];
      for (int r = 0; r < out.size(); r++) {
        if (out.target(r) == next) {
          for (int c = 0; c < ks.length; c++) if (r < ks[c]) hits[c]++;
          break;
        }
      }
    }
    System.out.println("  mean retrieve time " + nanos / 1000 / users.length + " us/request (context built outside)");
    double[] hr = new double[ks.length];
    for (int c = 0; c < ks.length; c++) hr[c] = (double) hits[c] / users.length;
    return hr;
  }
}
