package io.recsys.rerank.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SlateRerankerTest {
  /** Deterministic, no rules: what each test then switches on. */
  private static final RerankConfig GREEDY = RerankConfig.defaults().withExplore(false)
      .withMaxPerCategory(RerankConfig.NO_CATEGORY_CAP).withNearDuplicateCosine(RerankConfig.NEAR_DUPLICATES_ALLOWED)
      .withPropensitySamples(RerankConfig.NO_PROPENSITIES);
  private static final RerankConfig EXPLORE = GREEDY.withExplore(true);

  private final SlateReranker reranker = new SlateReranker();

  @Test
  void mmrPicksADiverseSecondItemOverANearDuplicateOfTheFirst() {
    SlateInput in = new SlateInput(2);
    in.add("a", 3, 0.9, -1, new float[] {1, 0}, 0, 0, 1);
    in.add("a-twin", 2, 0.85, -1, new float[] {1, 0.02f}, 0, 0, 1);
    in.add("b", 1, 0.5, -1, new float[] {0, 1}, 0, 0, 1);

    assertThat(reranker.rerank(in, 2, GREEDY.withDiversity(Diversity.MMR), 1).items()).containsExactly(0, 2);
    // Without diversity the twin would follow.
    assertThat(reranker.rerank(in, 2, GREEDY.withDiversity(Diversity.NONE), 1).items()).containsExactly(0, 1);
    // λ = 1 is quality alone.
    assertThat(reranker.rerank(in, 2, GREEDY.withDiversity(Diversity.MMR).withMmrLambda(1), 1).items()).containsExactly(0, 1);
  }

  @Test
  void dppPicksOneOfTwoNearIdenticalHighQualityItemsAndADistinctOne() {
    SlateInput in = new SlateInput(3);
    in.add("a", 3, 0.9, -1, new float[] {1, 0, 0}, 0, 0, 1);
    in.add("a-twin", 3, 0.9, -1, new float[] {1, 0.03f, 0}, 0, 0, 1);
    in.add("b", 1, 0.4, -1, new float[] {0, 0.3f, 1}, 0, 0, 1);
    in.add("c", 1, 0.1, -1, new float[] {0, 1, 0}, 0, 0, 1);
    int[] slate = reranker.rerank(in, 2, GREEDY.withDiversity(Diversity.DPP), 1).items();
    assertThat(slate).hasSize(2).contains(2);
    assertThat(slate[0] == 0 || slate[0] == 1).isTrue();
  }

  @Test
  void withoutEmbeddingsMmrAndDppRankByQuality() {
    SlateInput in = new SlateInput(0);
    double[] p = {0.2, 0.6, 0.1, 0.9, 0.4};
    for (int i = 0; i < p.length; i++) in.add("i" + i, 0, p[i], -1, null, 0, 0, 1);
    for (Diversity d : Diversity.values()) {
      assertThat(reranker.rerank(in, 5, GREEDY.withDiversity(d), 1).items()).as("%s", d).containsExactly(3, 1, 4, 0, 2);
    }
  }

  @Test
  void boostMultipliesQualityAndZeroBoostGoesLast() {
    SlateInput in = new SlateInput(0);
    in.add("best", 0, 0.5, -1, null, 0, 0, 0);
    in.add("middling", 0, 0.3, -1, null, 0, 0, 1);
    in.add("boosted", 0, 0.2, -1, null, 0, 0, 2);
    assertThat(reranker.rerank(in, 3, GREEDY.withDiversity(Diversity.NONE), 1).items()).containsExactly(2, 1, 0);
  }

  @Test
  void equalQualitiesAreOrderedByTheRankersScore() {
    SlateInput in = new SlateInput(0);
    in.add("low", 1, 0.3, -1, null, 0, 0, 1);
    in.add("high", 5, 0.3, -1, null, 0, 0, 1);
    in.add("mid", 3, 0.3, -1, null, 0, 0, 1);
    assertThat(reranker.rerank(in, 3, GREEDY, 1).items()).containsExactly(1, 2, 0);
  }

  @Test
  void categoryCapHoldsWhileOtherCategoriesCanFillTheSlate() {
    SlateInput in = new SlateInput(0);
    for (int i = 0; i < 6; i++) in.add("a" + i, 0, 0.9 - 0.01 * i, 7, null, 0, 0, 1);
    for (int i = 0; i < 4; i++) in.add("b" + i, 0, 0.5 - 0.01 * i, 8, null, 0, 0, 1);
    Slate slate = reranker.rerank(in, 4, GREEDY.withDiversity(Diversity.NONE).withMaxPerCategory(2), 1);
    assertThat(slate.items()).containsExactly(0, 1, 6, 7);
  }

  @Test
  void categoryCapRelaxesRatherThanLeaveTheSlateShort() {
    SlateInput in = new SlateInput(0);
    for (int i = 0; i < 6; i++) in.add("a" + i, 0, 0.9 - 0.01 * i, 7, null, 0, 0, 1);
    in.add("b", 0, 0.2, 8, null, 0, 0, 1);
    // Two of category 7 and the one of 8 under the cap; then the cap rises to fill the slate.
    Slate slate = reranker.rerank(in, 5, GREEDY.withDiversity(Diversity.NONE).withMaxPerCategory(2), 1);
    assertThat(slate.items()).containsExactly(0, 1, 6, 2, 3);
  }

  @Test
  void nearDuplicatesAreSuppressedAndReadmittedOnlyWhenNothingElseIsLeft() {
    SlateInput in = new SlateInput(2);
    in.add("a", 0, 0.9, -1, new float[] {1, 0}, 0, 0, 1);
    in.add("a-copy", 0, 0.8, -1, new float[] {1, 0.001f}, 0, 0, 1);
    in.add("b", 0, 0.3, -1, new float[] {0, 1}, 0, 0, 1);
    RerankConfig cfg = GREEDY.withDiversity(Diversity.NONE).withNearDuplicateCosine(0.98);
    assertThat(reranker.rerank(in, 2, cfg, 1).items()).containsExactly(0, 2);
    assertThat(reranker.rerank(in, 3, cfg, 1).items()).containsExactly(0, 2, 1);
  }

  @Test
  void capIsRelaxedBeforeNearDuplicateSuppression() {
    SlateInput in = new SlateInput(2);
    in.add("a", 0, 0.9, 1, new float[] {1, 0}, 0, 0, 1);
    in.add("a-copy", 0, 0.8, 2, new float[] {1, 0}, 0, 0, 1);
    in.add("b", 0, 0.3, 1, new float[] {0, 1}, 0, 0, 1);
    RerankConfig cfg = GREEDY.withDiversity(Diversity.NONE).withNearDuplicateCosine(0.98).withMaxPerCategory(1);
    // Slot 2: b is blocked by the cap, a-copy by near-duplication; the cap gives way first.
    assertThat(reranker.rerank(in, 2, cfg, 1).items()).containsExactly(0, 2);
  }

  @Test
  void pinnedItemsLandOnTheirSlotsAndCountTowardsCaps() {
    SlateInput in = new SlateInput(0);
    for (int i = 0; i < 10; i++) in.add("i" + i, 0, 0.9 - 0.05 * i, i < 5 ? 1 : 2, null, 0, 0, 1);
    in.pin(9, 0);
    in.pin(8, 3);
    RerankConfig cfg = EXPLORE.withMaxPerCategory(2).withPropensitySamples(8);
    for (long seed = 0; seed < 5; seed++) {
      Slate slate = reranker.rerank(in, 5, cfg, seed);
      assertThat(slate.items()[0]).isEqualTo(9);
      assertThat(slate.items()[3]).isEqualTo(8);
      assertThat(slate.propensities()[0]).isEqualTo(1.0);
      assertThat(slate.propensities()[3]).isEqualTo(1.0);
      // The two pins fill category 2's cap, so the next free slots go to category 1 until it is full too.
      assertThat(slate.items()[1]).isLessThan(5);
      assertThat(slate.items()[2]).isLessThan(5);
    }
    Slate unsampled = reranker.rerank(in, 5, cfg.withPropensitySamples(0), 3);
    assertThat(unsampled.propensities()[0]).isEqualTo(1.0);
    assertThat(unsampled.propensities()[1]).isNaN();
  }

  @Test
  void aPinBeyondTheSlateIsIgnored() {
    SlateInput in = new SlateInput(0);
    for (int i = 0; i < 12; i++) in.add("i" + i, 0, 0.9 - 0.05 * i, -1, null, 0, 0, 1);
    in.pin(0, 10);
    assertThat(reranker.rerank(in, 3, GREEDY, 1).items()).containsExactly(0, 1, 2);
    assertThat(reranker.rerank(in, 11, GREEDY, 1).items()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0);
  }

  @Test
  void fewerItemsThanSlotsReturnsThemAll() {
    SlateInput in = new SlateInput(0);
    for (int i = 0; i < 3; i++) in.add("i" + i, 0, 0.1 * (i + 1), -1, null, 0, 0, 1);
    Slate slate = reranker.rerank(in, 10, RerankConfig.defaults(), 1);
    assertThat(slate.items()).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(slate.propensities()).hasSize(3);
    assertThat(reranker.rerank(new SlateInput(0), 10, RerankConfig.defaults(), 1).items()).isEmpty();
    assertThat(reranker.rerank(in, 0, RerankConfig.defaults(), 1).items()).isEmpty();
    assertThatThrownBy(() -> reranker.rerank(in, -1, RerankConfig.defaults(), 1)).hasMessageContaining("slateSize");
  }

  @Test
  void sameSeedGivesTheSameSlateAndOtherSeedsOtherSlates() {
    SlateInput in = uncertainItems(50, 8);
    RerankConfig cfg = RerankConfig.defaults().withPropensitySamples(16);
    Slate first = reranker.rerank(in, 10, cfg, 42);
    assertThat(reranker.rerank(in, 10, cfg, 42)).isEqualTo(first);
    assertThat(new SlateReranker().rerank(in, 10, cfg, 42)).isEqualTo(first);
    Set<List<Integer>> distinct = new HashSet<>();
    for (long seed = 0; seed < 10; seed++) distinct.add(boxed(reranker.rerank(in, 10, cfg, seed).items()));
    assertThat(distinct.size()).isGreaterThan(5);
  }

  @Test
  void withoutExplorationTheSlateIgnoresTheSeedAndEveryPropensityIsOne() {
    SlateInput in = uncertainItems(50, 8);
    for (Diversity d : Diversity.values()) {
      RerankConfig cfg = RerankConfig.defaults().withExplore(false).withDiversity(d);
      Slate first = reranker.rerank(in, 10, cfg, 1);
      assertThat(first.policy()).startsWith("greedy");
      assertThat(first.propensities()).containsOnly(1.0);
      for (long seed = 2; seed < 6; seed++) assertThat(reranker.rerank(in, 10, cfg, seed)).isEqualTo(first);
    }
  }

  @Test
  void eachSlotIsTheBestRemainingItemOfItsOwnDraw() {
    SlateInput in = uncertainItems(30, 0);
    int s = 8;
    long seed = 7;
    RerankConfig cfg = EXPLORE.withDiversity(Diversity.NONE);
    int[] slate = reranker.rerank(in, s, cfg, seed).items();

    double[] alpha = new double[in.size()];
    double[] beta = new double[in.size()];
    ClickPosterior.compute(in, s, cfg, alpha, beta);
    double[] q = new double[in.size()];
    boolean[] taken = new boolean[in.size()];
    for (int k = 0; k < s; k++) {
      SlateReranker.drawQualities(in, alpha, beta, seed, k, q);
      int best = -1;
      for (int i = 0; i < in.size(); i++) {
        if (!taken[i] && (best < 0 || q[i] > q[best])) best = i;
      }
      assertThat(slate[k]).as("slot %d", k).isEqualTo(best);
      taken[best] = true;
    }
    // Not the top-s of a single draw: the draws differ from slot to slot.
    SlateReranker.drawQualities(in, alpha, beta, seed, 0, q);
    Integer[] byDraw0 = new Integer[in.size()];
    for (int i = 0; i < byDraw0.length; i++) byDraw0[i] = i;
    Arrays.sort(byDraw0, (a, b) -> Double.compare(q[b], q[a]));
    assertThat(boxed(slate)).isNotEqualTo(Arrays.asList(byDraw0).subList(0, s));
  }

  @Test
  void propensitiesLieInZeroOneAndAreHighForAFarBetterTopItem() {
    SlateInput in = new SlateInput(0);
    in.add("star", 0, 0.9, -1, null, 0, 0, 1);
    for (int i = 0; i < 30; i++) in.add("i" + i, 0, 0.05, -1, null, 0, 0, 1);
    Slate slate = reranker.rerank(in, 10, EXPLORE.withPropensitySamples(200), 3);
    assertThat(slate.items()[0]).isZero();
    for (double p : slate.propensities()) assertThat(p).isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(slate.propensities()[0]).isGreaterThan(0.95);
    for (int k = 1; k < 10; k++) assertThat(slate.propensities()[k]).isLessThan(slate.propensities()[0]);
  }

  @Test
  void propensitiesMatchTheFrequencyOfEachSlotsItemOverIndependentSeeds() {
    // Two items of equal posterior for one slot: each takes it about half the time.
    SlateInput in = new SlateInput(0);
    in.add("x", 0, 0.3, -1, null, 0, 0, 1);
    in.add("y", 0, 0.3, -1, null, 0, 0, 1);
    Slate slate = reranker.rerank(in, 1, EXPLORE.withPropensitySamples(2000), 11);
    assertThat(slate.propensities()[0]).isBetween(0.45, 0.55);
  }

  @Test
  void propensitiesAreTheShareOfIndependentReRunsThatAgreeWithTheSlate() {
    // 2000 equally uncertain items: the re-runs select far more distinct items than the similarity
    // cache keeps (it holds 523 rows of 2000), so its spare row is exercised as well as its hits.
    for (int n : new int[] {60, 2000}) {
      SlateInput in = uncertainItems(n, 8);
      int runs = 64;
      long seed = 5;
      for (Diversity d : Diversity.values()) {
        RerankConfig cfg = RerankConfig.defaults().withDiversity(d).withPropensitySamples(runs);
        Slate slate = reranker.rerank(in, 12, cfg, seed);
        int[] agree = new int[12];
        for (int r = 0; r < runs; r++) {
          int[] rerun = reranker.rerank(in, 12, cfg.withPropensitySamples(0), SlateReranker.replicateSeed(seed, r)).items();
          for (int k = 0; k < 12; k++) if (rerun[k] == slate.items()[k]) agree[k]++;
        }
        for (int k = 0; k < 12; k++) {
          assertThat(slate.propensities()[k]).as("n %d %s slot %d", n, d, k).isEqualTo((agree[k] + 1.0) / (runs + 1.0));
        }
      }
    }
  }

  @Test
  void dppAndMmrWithSamplingFillEverySlotWithDistinctItemsUnderACategoryCap() {
    SlateInput in = clusteredItems(500, 32, 12, 99);
    for (Diversity d : Diversity.values()) {
      Slate slate = reranker.rerank(in, 20, RerankConfig.defaults().withDiversity(d).withPropensitySamples(4).withMaxPerCategory(3), 5);
      assertThat(slate.items()).hasSize(20).doesNotHaveDuplicates();
      assertThat(slate.policy()).isEqualTo("ts" + (d == Diversity.NONE ? "" : "+" + d.name().toLowerCase()));
      int[] perCategory = new int[12];
      for (int i : slate.items()) perCategory[in.category(i)]++;
      assertThat(Arrays.stream(perCategory).max().orElseThrow()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void concurrentCallersGetTheSlatesOfSequentialCalls() throws Exception {
    SlateInput in = clusteredItems(300, 16, 10, 4);
    RerankConfig cfg = RerankConfig.defaults().withDiversity(Diversity.DPP).withPropensitySamples(4);
    Slate[] expected = new Slate[40];
    for (int seed = 0; seed < expected.length; seed++) expected[seed] = reranker.rerank(in, 15, cfg, seed);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Slate>> futures = new ArrayList<>();
      for (int seed = 0; seed < expected.length; seed++) {
        long s = seed;
        futures.add(pool.submit(() -> reranker.rerank(in, 15, cfg, s)));
      }
      for (int seed = 0; seed < expected.length; seed++) assertThat(futures.get(seed).get()).isEqualTo(expected[seed]);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Items whose click rates nobody knows: Thompson sampling has room to vary. */
  static SlateInput uncertainItems(int n, int dim) {
    SplittableRandom rng = new SplittableRandom(n);
    SlateInput in = new SlateInput(dim);
    for (int i = 0; i < n; i++) {
      float[] e = dim == 0 ? null : randomVector(rng, dim);
      in.add("i" + i, n - i, 0.1 + 0.01 * rng.nextDouble(), i % 5, e, 0, 0, 1);
    }
    return in;
  }

  /** n items in `clusters` categories, each category's embeddings around its own centre. */
  static SlateInput clusteredItems(int n, int dim, int clusters, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) centres[c] = randomVector(rng, dim);
    SlateInput in = new SlateInput(dim);
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(clusters);
      float[] e = randomVector(rng, dim);
      for (int d = 0; d < dim; d++) e[d] = centres[c][d] + 0.3f * e[d];
      double p = 0.02 + 0.2 * Math.pow(rng.nextDouble(), 3);
      long impressions = rng.nextInt(3) == 0 ? 0 : rng.nextLong(5000);
      long clicks = Math.round(impressions * p * (0.5 + rng.nextDouble()));
      in.add("item" + i, n - i, p, c, e, impressions, clicks, 1);
    }
    return in;
  }

  static float[] randomVector(SplittableRandom rng, int dim) {
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) v[d] = (float) rng.nextGaussian();
    return v;
  }

  private static List<Integer> boxed(int[] a) {
    return Arrays.stream(a).boxed().toList();
  }
}
