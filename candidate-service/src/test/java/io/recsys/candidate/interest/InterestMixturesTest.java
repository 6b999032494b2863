package io.recsys.candidate.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.candidate.embed.Interactions;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class InterestMixturesTest {
  /** 4 clusters of 5 items: item i is in cluster i / 5. */
  private static final int ITEMS = 20;
  private static final InterestClusters FOUR = fourClusters();
  private static final MixtureConfig NO_DECAY = MixtureConfig.defaults().withHalfLifeDays(Double.POSITIVE_INFINITY);

  private static InterestClusters fourClusters() {
    int[] assignment = new int[ITEMS];
    for (int i = 0; i < ITEMS; i++) assignment[i] = i / 5;
    float[] centroids = new float[4 * 4];
    for (int c = 0; c < 4; c++) centroids[c * 4 + c] = 1;
    return new InterestClusters(4, 4, assignment, centroids);
  }

  /** Unit vector e_axis (dim 4) for each user, as ALS factors. */
  private static float[] factors(int... axes) {
    float[] f = new float[axes.length * 4];
    for (int u = 0; u < axes.length; u++) if (axes[u] >= 0) f[u * 4 + axes[u]] = 1;
    return f;
  }

  private static float[][] build(int[][] histories, float[] factors, MixtureConfig config) {
    UserSequences s = Interactions.sequences(histories, ITEMS);
    return InterestMixtures.build(s, FOUR, factors, 4, config, (d, t) -> {});
  }

  @Test
  void aUserWhoseItemsAreAllInOneClusterWeighsItMost() {
    // User 0 likes cluster 2; its neighbours (same vector) like cluster 2 too, user 3 (orthogonal) cluster 0.
    int[][] h = {{10, 11, 12}, {13, 14}, {10, 12, 14}, {0, 1, 2, 3, 4}};
    float[][] pi = build(h, factors(0, 0, 0, 1), MixtureConfig.defaults());
    assertThat(argmax(pi[0])).isEqualTo(2);
    assertThat(argmax(pi[3])).isEqualTo(0);
  }

  @Test
  void neighbourSmoothingMovesWeightTowardTheNeighboursClusters() {
    // User 0 (cluster 0 items) is similar to users 1-2 (cluster 1 items), orthogonal to user 3 (cluster 3).
    int[][] h = {{0, 1, 2, 3}, {5, 6}, {7, 8}, {15, 16, 17}};
    float[] f = factors(0, 0, 0, 1);
    f[1 * 4 + 1] = 1; // user 1 at 45 degrees: similarity 0.707
    float[][] alone = build(h, f, NO_DECAY.withBeta(0));
    float[][] smoothed = build(h, f, NO_DECAY);
    assertThat(smoothed[0][1]).as("weight on the neighbours' cluster").isGreaterThan(alone[0][1]);
    assertThat(smoothed[0][3]).as("weight on the dissimilar user's cluster").isLessThan(alone[0][3]);
    // n_0 = (4, 0, 0, 0); neighbours add 0.707 * 2 + 1 * 2 to cluster 1; + 0.5 everywhere.
    double s = Math.sqrt(0.5);
    double total = 4 + 2 * s + 2 + 4 * 0.5;
    assertThat(smoothed[0][0]).isCloseTo((float) (4.5 / total), within(1e-6f));
    assertThat(smoothed[0][1]).isCloseTo((float) ((2 * s + 2 + 0.5) / total), within(1e-6f));
  }

  @Test
  void addAlphaGivesEveryClusterWeightWhenThereAreNoNeighbours() {
    int[][] h = {{0, 1}, {5}};
    float[][] pi = build(h, factors(0, 1), NO_DECAY); // orthogonal users: no positive neighbour
    assertThat(pi[0]).containsExactly(2.5f / 4, 0.5f / 4, 0.5f / 4, 0.5f / 4);
    float[][] noVectors = build(h, new float[8], NO_DECAY.withAddAlpha(1));
    assertThat(noVectors[1]).containsExactly(1f / 5, 2f / 5, 1f / 5, 1f / 5);
  }

  @Test
  void recencyDecayFavoursRecentClusters() {
    // Five cluster-0 items a year before three cluster-1 items.
    int[][] items = {{0, 1, 2, 3, 4, 5, 6, 7}};
    long[][] days = {{0, 1, 2, 3, 4, 365, 366, 367}};
    UserSequences s = Interactions.sequences(items, days, ITEMS);
    float[] pi = InterestMixtures.build(s, FOUR, factors(0), 4, MixtureConfig.defaults(), (d, t) -> {})[0];
    assertThat(pi[1]).isGreaterThan(pi[0]);
    float[] flat = InterestMixtures.build(s, FOUR, factors(0), 4, NO_DECAY, (d, t) -> {})[0];
    assertThat(flat[0]).isGreaterThan(flat[1]);
    // Half-life 60 days: 367 - 2 days old counts 0.5^(365/60).
    double old = 0;
    for (int day = 0; day < 5; day++) old += Math.pow(0.5, (367 - day) / 60.0);
    double recent = Math.pow(0.5, 2 / 60.0) + Math.pow(0.5, 1 / 60.0) + 1;
    assertThat(pi[0] / pi[1]).isCloseTo((float) ((old + 0.5) / (recent + 0.5)), within(1e-5f));
  }

  @Test
  void emptyHistoriesGetNoMixtureAndProgressCountsUsers() {
    int[][] h = {{0}, {}, {5, 6}};
    LongArrayList done = new LongArrayList();
    float[][] pi = InterestMixtures.build(Interactions.sequences(h, ITEMS), FOUR, factors(0, 1, 2), 4,
        MixtureConfig.defaults(), (d, t) -> {
          assertThat(t).isEqualTo(3);
          done.add(d);
        });
    assertThat(pi[1]).isNull();
    assertThat(pi[0]).isNotNull();
    assertThat(done.getLong(done.size() - 1)).isEqualTo(3);
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 30)
  void everyRowIsADistributionOverTheClusters(long seed) {
    Gen gen = new Gen(seed);
    SplittableRandom r = gen.random();
    int users = gen.intBetween(1, 40);
    int[][] h = new int[users][];
    long[][] days = new long[users][];
    float[] f = new float[users * 4];
    for (int u = 0; u < users; u++) {
      int len = gen.intBetween(0, 8);
      h[u] = r.ints(0, ITEMS).distinct().limit(len).toArray();
      days[u] = new long[h[u].length];
      for (int p = 0; p < h[u].length; p++) days[u][p] = r.nextLong(0, 1000);
      java.util.Arrays.sort(days[u]);
      for (int j = 0; j < 4; j++) f[u * 4 + j] = gen.chance(0.1) ? 0 : (float) r.nextGaussian();
    }
    MixtureConfig config = new MixtureConfig(gen.intBetween(0, 10), gen.doubleBetween(0, 3), gen.doubleBetween(0, 2),
        gen.doubleBetween(1, 400));
    Seeds.check(seed, config, () -> {
      float[][] pi = InterestMixtures.build(Interactions.sequences(h, days, ITEMS), FOUR, f, 4, config, (d, t) -> {});
      for (int u = 0; u < users; u++) {
        if (h[u].length == 0) {
          assertThat(pi[u]).as("user %d", u).isNull();
          continue;
        }
        double sum = 0;
        for (float w : pi[u]) {
          assertThat(w).as("user %d weight", u).isBetween(0f, 1f);
          if (config.addAlpha() > 0) assertThat(w).isPositive();
          sum += w;
        }
        assertThat(sum).as("user %d sum", u).isCloseTo(1.0, within(1e-5));
      }
    });
  }

  @Test
  void anOnlineHistoryGivesTheOfflineMixtureOfAUserWithoutNeighbours() {
    int[][] items = {{0, 6, 7, 12, 19}};
    long[][] days = {{0, 10, 50, 51, 90}};
    float[] offline = InterestMixtures.build(Interactions.sequences(items, days, ITEMS), FOUR, factors(0), 4,
        MixtureConfig.defaults(), (d, t) -> {})[0];
    int[] newestFirst = {19, 12, 7, 6, 0};
    long[] times = new long[5];
    for (int p = 0; p < 5; p++) times[p] = Interactions.START_MILLIS + days[0][4 - p] * Interactions.DAY_MILLIS;
    float[] online = InterestMixtures.forHistory(newestFirst, times, 5, times[0], FOUR, MixtureConfig.defaults());
    assertThat(online).containsExactly(offline, within(1e-6f)); // summed in another order
    // A week later every engagement is older: the mixture stays a distribution.
    float[] later = InterestMixtures.forHistory(newestFirst, times, 5, times[0] + 7 * Interactions.DAY_MILLIS, FOUR,
        MixtureConfig.defaults());
    assertThat(later[0] + later[1] + later[2] + later[3]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void anEmptyOnlineHistoryHasNoMixtureAndBadRowsAreRefused() {
    assertThat(InterestMixtures.forHistory(new int[] {1}, new long[] {1}, 0, 5, FOUR, MixtureConfig.defaults())).isNull();
    assertThatThrownBy(() -> InterestMixtures.forHistory(new int[] {ITEMS}, new long[] {1}, 1, 5, FOUR,
        MixtureConfig.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item row 20");
    assertThatThrownBy(() -> InterestMixtures.forHistory(new int[] {1}, new long[0], 1, 5, FOUR,
        MixtureConfig.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 1");
  }

  @Test
  void refusesFactorsThatDoNotMatchTheUsers() {
    UserSequences s = Interactions.sequences(new int[][] {{0}, {1}}, ITEMS);
    assertThatThrownBy(() -> InterestMixtures.build(s, FOUR, new float[7], 4, MixtureConfig.defaults(), (d, t) -> {}))
        .hasMessageContaining("userFactors holds 7 floats");
  }

  /** Random users around four taste directions, each with items mostly of its taste's cluster. */
  private static Object[] tasteUsers(int users, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[][] h = new int[users][];
    float[] f = new float[users * 8];
    for (int u = 0; u < users; u++) {
      int taste = r.nextInt(4);
      h[u] = r.ints(0, 5).distinct().limit(1 + r.nextInt(4)).map(j -> taste * 5 + j).toArray();
      for (int j = 0; j < 8; j++) f[u * 8 + j] = (float) ((j == taste ? 1 : 0) + 0.5 * r.nextGaussian());
    }
    return new Object[] {Interactions.sequences(h, ITEMS), f};
  }

  @Test
  void exactNeighbourSearchIsIdenticalForAnyThreadCount() {
    Object[] data = tasteUsers(300, 5);
    UserSequences s = (UserSequences) data[0];
    float[] f = (float[]) data[1];
    float[][] one = InterestMixtures.build(s, FOUR, f, 8, MixtureConfig.defaults(), (d, t) -> {}, 10_000, 1);
    float[][] three = InterestMixtures.build(s, FOUR, f, 8, MixtureConfig.defaults(), (d, t) -> {}, 10_000, 3);
    assertThat(three).isDeepEqualTo(one);
  }

  @Test
  void hnswNeighboursGiveTheExactMixturesForNearlyEveryUser() {
    Object[] data = tasteUsers(400, 6);
    UserSequences s = (UserSequences) data[0];
    float[] f = (float[]) data[1];
    float[][] exact = InterestMixtures.build(s, FOUR, f, 8, MixtureConfig.defaults(), (d, t) -> {}, 10_000, 2);
    float[][] hnsw = InterestMixtures.build(s, FOUR, f, 8, MixtureConfig.defaults(), (d, t) -> {}, 1, 2);
    int same = 0;
    for (int u = 0; u < 400; u++) if (java.util.Arrays.equals(exact[u], hnsw[u])) same++;
    assertThat(same).as("users whose HNSW neighbourhood mixture equals the exact one").isGreaterThanOrEqualTo(390);
  }

  @Test
  void configNamesTheBadSetting() {
    assertThatThrownBy(() -> MixtureConfig.defaults().withNeighbours(-1)).hasMessageContaining("MixtureConfig.neighbours");
    assertThatThrownBy(() -> MixtureConfig.defaults().withBeta(-0.1)).hasMessageContaining("MixtureConfig.beta");
    assertThatThrownBy(() -> MixtureConfig.defaults().withAddAlpha(Double.NaN)).hasMessageContaining("MixtureConfig.addAlpha");
    assertThatThrownBy(() -> MixtureConfig.defaults().withHalfLifeDays(0)).hasMessageContaining("MixtureConfig.halfLifeDays");
    MixtureConfig d = MixtureConfig.defaults();
    assertThat(d).isEqualTo(new MixtureConfig(20, 1.0, 0.5, 60));
  }

  private static int argmax(float[] w) {
    int best = 0;
    for (int c = 1; c < w.length; c++) if (w[c] > w[best]) best = c;
    return best;
  }
}
