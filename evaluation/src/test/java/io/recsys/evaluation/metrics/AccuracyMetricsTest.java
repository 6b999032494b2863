package io.recsys.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {
  // Ranked list 7, 3, 9, 1, 5; relevant {3, 5}.
  private static final int[] RANKED = {7, 3, 9, 1, 5};
  private static final int[] RELEVANT = {3, 5};

  @Test
  void hitRateIsOneWhenAnyRelevantItemIsInTheTopK() {
    assertThat(AccuracyMetrics.hitRate(RANKED, 5, 1, RELEVANT)).isZero();
    assertThat(AccuracyMetrics.hitRate(RANKED, 5, 2, RELEVANT)).isEqualTo(1);
  }

  @Test
  void recallCountsTheShareOfRelevantItemsFound() {
    assertThat(AccuracyMetrics.recall(RANKED, 5, 2, RELEVANT)).isEqualTo(0.5);
    assertThat(AccuracyMetrics.recall(RANKED, 5, 5, RELEVANT)).isEqualTo(1.0);
  }

  @Test
  void precisionDividesByKEvenForShortLists() {
    // top 4 = 7,3,9,1: one hit of 4
    assertThat(AccuracyMetrics.precision(RANKED, 5, 4, RELEVANT)).isEqualTo(0.25);
    // list of length 2 cut at k = 10: 1 hit / 10
    assertThat(AccuracyMetrics.precision(RANKED, 2, 10, RELEVANT)).isEqualTo(0.1);
  }

  @Test
  void ndcgMatchesAHandComputedValue() {
    // hits at ranks 2 and 5: DCG = 1/log2(3) + 1/log2(6) = 0.63093 + 0.38685 = 1.01778
    // ideal: ranks 1 and 2: 1 + 0.63093 = 1.63093; NDCG = 0.62405
    assertThat(AccuracyMetrics.ndcg(RANKED, 5, 5, RELEVANT)).isCloseTo(0.624050, within(1e-6));
    // k = 3: only rank 2 counts; ideal still two items: 0.63093 / 1.63093 = 0.38685
    assertThat(AccuracyMetrics.ndcg(RANKED, 5, 3, RELEVANT)).isCloseTo(0.386853, within(1e-6));
  }

  @Test
  void ndcgWithOneRelevantItemIsTheInverseLogOfItsRank() {
    assertThat(AccuracyMetrics.ndcg(RANKED, 5, 10, new int[] {9})).isCloseTo(0.5, within(1e-12)); // 1/log2(4)
  }

  @Test
  void reciprocalRankUsesTheFirstHitWithinK() {
    assertThat(AccuracyMetrics.reciprocalRank(RANKED, 5, 5, RELEVANT)).isEqualTo(0.5);
    assertThat(AccuracyMetrics.reciprocalRank(RANKED, 5, 1, RELEVANT)).isZero();
  }

  @Test
  void averagePrecisionMatchesAHandComputedValue() {
    // hits at 2 (P=1/2) and 5 (P=2/5): (0.5 + 0.4) / min(2, 5) = 0.45
    assertThat(AccuracyMetrics.averagePrecision(RANKED, 5, 5, RELEVANT)).isCloseTo(0.45, within(1e-12));
    // k = 3: only the hit at 2 counts, divided by min(2, 3) = 2 -> 0.25
    assertThat(AccuracyMetrics.averagePrecision(RANKED, 5, 3, RELEVANT)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void onlyTheFirstLengthEntriesCount() {
    assertThat(AccuracyMetrics.hitRate(RANKED, 1, 10, RELEVANT)).isZero();
  }

  @Test
  void rejectsAUserWithoutRelevantItemsAndNonPositiveK() {
    assertThatThrownBy(() -> AccuracyMetrics.ndcg(RANKED, 5, 5, new int[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relevant");
    assertThatThrownBy(() -> AccuracyMetrics.hitRate(RANKED, 5, 0, RELEVANT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be positive");
  }
}
