package io.recsys.candidate.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.embed.Interactions;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SphericalKMeansTest {
  private static final int[] SIX_GROUPS = {40, 40, 40, 40, 40, 40};
  private static final KMeansConfig SIX = KMeansConfig.defaults().withClusters(6).withThreads(2);

  @Test
  void recoversWellSeparatedPlantedClusters() {
    int[] truth = new int[240];
    ItemVectors v = PlantedVectors.around(SIX_GROUPS, 16, 0.1, 11, truth);
    InterestClusters c = new SphericalKMeans(SIX).fit(v, (d, t) -> {});
    assertThat(c.clusterCount()).isEqualTo(6);
    assertThat(PlantedVectors.adjustedRand(truth, c.assignments())).isEqualTo(1.0);
    for (int k = 0; k < 6; k++) {
      float[] centroid = c.centroid(k);
      double norm = 0;
      for (float x : centroid) norm += x * x;
      assertThat(norm).as("centroid %d squared norm", k).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }
  }

  @Test
  void givesIdenticalClustersForAnyThreadCountAndTheSameSeed() {
    int[] truth = new int[240];
    ItemVectors v = PlantedVectors.around(SIX_GROUPS, 16, 0.6, 12, truth); // overlapping: many rounds
    InterestClusters one = new SphericalKMeans(SIX.withThreads(1)).fit(v, (d, t) -> {});
    InterestClusters three = new SphericalKMeans(SIX.withThreads(3)).fit(v, (d, t) -> {});
    InterestClusters again = new SphericalKMeans(SIX.withThreads(1)).fit(v, (d, t) -> {});
    for (InterestClusters other : new InterestClusters[] {three, again}) {
      assertThat(other.assignments()).isEqualTo(one.assignments());
      for (int k = 0; k < one.clusterCount(); k++) assertThat(other.centroid(k)).isEqualTo(one.centroid(k));
    }
  }

  @Test
  void kMeansPlusPlusSeedsOnePointInEverySeparatedCluster() {
    int[] truth = new int[240];
    ItemVectors v = PlantedVectors.around(SIX_GROUPS, 16, 0.01, 13, truth);
    float[] unit = v.normalised().data();
    int[] points = new int[240];
    for (int i = 0; i < 240; i++) points[i] = i;
    int allCovered = 0;
    for (long seed = 0; seed < 100; seed++) {
      int[] seeds = SphericalKMeans.kMeansPlusPlus(unit, points, 16, 6, new SplittableRandom(seed), 2);
      boolean[] covered = new boolean[6];
      for (int s : seeds) covered[truth[s]] = true;
      boolean all = true;
      for (boolean b : covered) all &= b;
      if (all) allCovered++;
    }
    // D^2 seeding misses a group only when it draws a point next to a chosen one (weight 1 - cos,
    // about 0.0015, against about 1 for each point of an uncovered group): about 1% of seeds (25 of
    // 2000 when measured). Uniform seeding would cover all six groups for 6!/6^6 = 1.5% of seeds.
    assertThat(allCovered).as("seeds (of 100) whose six centres lie in six different groups").isGreaterThanOrEqualTo(95);
  }

  @Test
  void anEmptyClusterTakesThePointFarthestFromItsCentroid() {
    int[] assign = {0, 0, 0, 1, 1, 3};
    float[] sim = {0.9f, 0.2f, 0.95f, 1f, 0.1f, 0.05f};
    int[] sizes = {3, 2, 0, 1};
    SphericalKMeans.reseedEmpty(assign, sim, sizes);
    // Point 5 is the least similar but alone in cluster 3; point 4 (0.1) is next.
    assertThat(assign).containsExactly(0, 0, 0, 1, 2, 3);
    assertThat(sizes).containsExactly(3, 1, 1, 1);
  }

  @Test
  void fillsEveryClusterWhenThereAreFewerDistinctDirectionsThanClusters() {
    float[] data = new float[15 * 2];
    for (int i = 0; i < 15; i++) data[i * 2 + (i < 10 ? 0 : 1)] = 1;
    ItemVectors v = new ItemVectors(Interactions.itemIds(15), 2, data);
    InterestClusters c = new SphericalKMeans(KMeansConfig.defaults().withClusters(3)).fit(v, (d, t) -> {});
    assertThat(c.clusterCount()).isEqualTo(3);
    int total = 0;
    for (int k = 0; k < 3; k++) {
      assertThat(c.size(k)).as("size of cluster %d", k).isPositive();
      total += c.size(k);
    }
    assertThat(total).isEqualTo(15);
  }

  @Test
  void aSmallCatalogueGetsOneClusterPerFiveItems() {
    assertThat(SphericalKMeans.effectiveClusters(16, 20)).isEqualTo(4);
    assertThat(SphericalKMeans.effectiveClusters(16, 3)).isEqualTo(1);
    assertThat(SphericalKMeans.effectiveClusters(16, 1000)).isEqualTo(16);
    int[] truth = new int[20];
    ItemVectors v = PlantedVectors.around(new int[] {5, 5, 5, 5}, 8, 0.05, 14, truth);
    InterestClusters c = new SphericalKMeans(KMeansConfig.defaults()).fit(v, (d, t) -> {});
    assertThat(c.clusterCount()).isEqualTo(4);
    assertThat(PlantedVectors.adjustedRand(truth, c.assignments())).isEqualTo(1.0);
  }

  @Test
  void numbersClustersByDescendingSize() {
    int[] truth = new int[100];
    ItemVectors v = PlantedVectors.around(new int[] {10, 30, 20, 40}, 8, 0.05, 15, truth);
    InterestClusters c = new SphericalKMeans(KMeansConfig.defaults().withClusters(4)).fit(v, (d, t) -> {});
    int[] sizes = new int[4];
    for (int k = 0; k < 4; k++) sizes[k] = c.size(k);
    assertThat(sizes).containsExactly(40, 30, 20, 10);
    for (int r = 0; r < 100; r++) assertThat(c.cluster(r)).isEqualTo(switch (truth[r]) {
      case 3 -> 0;
      case 1 -> 1;
      case 2 -> 2;
      default -> 3;
    });
  }

  @Test
  void leavesZeroVectorsUnassignedAndRefusesAllZeros() {
    int[] truth = new int[30];
    ItemVectors planted = PlantedVectors.around(new int[] {15, 15}, 4, 0.05, 16, truth);
    float[] data = Arrays.copyOf(planted.data(), 32 * 4); // rows 30 and 31 are zero
    ItemVectors v = new ItemVectors(Interactions.itemIds(32), 4, data);
    InterestClusters c = new SphericalKMeans(KMeansConfig.defaults().withClusters(2)).fit(v, (d, t) -> {});
    assertThat(c.itemCount()).isEqualTo(32);
    assertThat(c.cluster(30)).isEqualTo(InterestClusters.UNASSIGNED);
    assertThat(c.cluster(31)).isEqualTo(InterestClusters.UNASSIGNED);
    assertThat(c.size(0) + c.size(1)).isEqualTo(30);
    assertThat(c.members(0)).doesNotContain(30, 31);
    assertThatThrownBy(() -> new SphericalKMeans(KMeansConfig.defaults()).fit(
        new ItemVectors(Interactions.itemIds(3), 2, new float[6]), (d, t) -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no item has a non-zero vector");
  }

  @Test
  void reportsRoundsAndStopsWhenNothingMoves() {
    int[] truth = new int[240];
    ItemVectors v = PlantedVectors.around(SIX_GROUPS, 16, 0.1, 11, truth);
    LongArrayList done = new LongArrayList();
    new SphericalKMeans(SIX).fit(v, (d, t) -> {
      assertThat(t).isEqualTo(KMeansConfig.DEFAULT_ITERATIONS);
      done.add(d);
    });
    assertThat(done.size()).as("rounds before convergence on separated data").isLessThan(KMeansConfig.DEFAULT_ITERATIONS);
    assertThat(done.getLong(done.size() - 1)).isEqualTo(KMeansConfig.DEFAULT_ITERATIONS);
  }

  @Test
  void configNamesTheBadSetting() {
    assertThatThrownBy(() -> KMeansConfig.defaults().withClusters(0)).hasMessageContaining("KMeansConfig.clusters");
    assertThatThrownBy(() -> KMeansConfig.defaults().withIterations(0)).hasMessageContaining("KMeansConfig.iterations");
    assertThatThrownBy(() -> KMeansConfig.defaults().withThreads(0)).hasMessageContaining("KMeansConfig.threads");
    assertThat(KMeansConfig.defaults().clusters()).isEqualTo(16);
    assertThat(KMeansConfig.defaults().iterations()).isEqualTo(25);
    assertThat(KMeansConfig.defaults().seed()).isEqualTo(42);
  }
}
