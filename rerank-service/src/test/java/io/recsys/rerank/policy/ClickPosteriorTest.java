package io.recsys.rerank.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClickPosteriorTest {
  /** The numbers below are written for 20 pseudo-clicks; the default strength is chosen elsewhere. */
  private static final RerankConfig TWENTY = RerankConfig.defaults().withPriorStrength(20);
  private static final RerankConfig NO_DISCOUNT = TWENTY.withPositionBiasEta(0);

  @Test
  void withNoImpressionsAnywhereEveryPosteriorMeanIsTheRankersP() {
    SlateInput in = new SlateInput(0);
    double[] p = {0.01, 0.2, 0.5, 0.93, 0.07};
    int[] category = {0, 0, 1, -1, 1};
    for (int i = 0; i < p.length; i++) in.add("i" + i, 1, p[i], category[i], null, 0, 0, 1);
    double[] alpha = new double[p.length];
    double[] beta = new double[p.length];
    ClickPosterior.compute(in, 10, RerankConfig.defaults(), alpha, beta);
    for (int i = 0; i < p.length; i++) {
      assertThat(ClickPosterior.mean(alpha[i], beta[i])).as("item %d", i).isCloseTo(p[i], within(1e-12));
      assertThat(alpha[i]).as("pseudo-clicks").isCloseTo(RerankConfig.DEFAULT_PRIOR_STRENGTH, within(1e-9));
      assertThat(alpha[i] + beta[i]).as("pseudo-impressions s/p").isCloseTo(RerankConfig.DEFAULT_PRIOR_STRENGTH / p[i], within(1e-6));
    }
  }

  @Test
  void posteriorMeanMovesFromThePriorToTheObservedRateAsImpressionsGrow() {
    double p = 0.05;
    double observed = 0.2;
    double previousGap = Double.POSITIVE_INFINITY;
    for (long n : new long[] {0, 10, 100, 1_000, 100_000}) {
      SlateInput in = new SlateInput(0);
      in.add("x", 1, p, -1, null, n, Math.round(observed * n), 1);
      double[] alpha = new double[1];
      double[] beta = new double[1];
      ClickPosterior.compute(in, 10, NO_DISCOUNT, alpha, beta);
      double mean = ClickPosterior.mean(alpha[0], beta[0]);
      if (n == 0) assertThat(mean).isCloseTo(p, within(1e-12));
      double gap = Math.abs(mean - observed);
      assertThat(gap).as("n = %d", n).isLessThan(previousGap);
      // Exact conjugate update with s pseudo-clicks (s/p pseudo-impressions): (s + k)/(s/p + n).
      assertThat(mean).isCloseTo((20 + Math.round(observed * n)) / (20 / p + n), within(1e-12));
      previousGap = gap;
    }
    assertThat(previousGap).isLessThan(1e-3);
  }

  @Test
  void aCategoryThatClicksAboveTheRankerLiftsItsColdItem() {
    SlateInput in = new SlateInput(0);
    // Two warm items whose category clicked twice what the ranker expected (0.1 × 1000 each).
    in.add("warm1", 1, 0.1, 4, null, 1000, 200, 1);
    in.add("warm2", 1, 0.1, 4, null, 1000, 200, 1);
    int cold = in.add("cold", 1, 0.1, 4, null, 0, 0, 1);
    int otherCold = in.add("other", 1, 0.1, 9, null, 0, 0, 1);
    double[] alpha = new double[4];
    double[] beta = new double[4];
    ClickPosterior.compute(in, 10, NO_DISCOUNT, alpha, beta);
    // r = (400 + 5)/(200 + 5): almost the category's observed ratio of 2, shrunk a little towards 1.
    assertThat(ClickPosterior.mean(alpha[cold], beta[cold])).isCloseTo(0.1 * 405 / 205, within(1e-12));
    assertThat(ClickPosterior.mean(alpha[otherCold], beta[otherCold])).isCloseTo(0.1, within(1e-12));

    ClickPosterior.compute(in, 10, NO_DISCOUNT.withGroupStrength(RerankConfig.NO_GROUP_POOLING), alpha, beta);
    assertThat(ClickPosterior.mean(alpha[cold], beta[cold])).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void anItemsOwnCountsDoNotAlsoMoveItsCategoryPrior() {
    SlateInput in = new SlateInput(0);
    in.add("alone", 1, 0.1, 3, null, 1000, 300, 1);
    double[] alpha = new double[1];
    double[] beta = new double[1];
    ClickPosterior.compute(in, 10, NO_DISCOUNT, alpha, beta);
    // Leave-one-out: its category has no other evidence, so the prior is the ranker's 0.1 exactly.
    assertThat(alpha[0]).isCloseTo(20 + 300, within(1e-9));
    assertThat(beta[0]).isCloseTo(20 * 0.9 / 0.1 + 700, within(1e-9));
  }

  @Test
  void meanExaminationAveragesTheSlotsExaminationProbabilities() {
    assertThat(ClickPosterior.meanExamination(1, 1.0)).isEqualTo(1.0);
    assertThat(ClickPosterior.meanExamination(2, 1.0)).isCloseTo(0.75, within(1e-15));
    assertThat(ClickPosterior.meanExamination(4, 2.0)).isCloseTo((1 + 0.25 + 1.0 / 9 + 1.0 / 16) / 4, within(1e-15));
    assertThat(ClickPosterior.meanExamination(20, 0)).isEqualTo(1.0);
  }

  @Test
  void positionDiscountCountsFewerImpressionsSoTheSameClicksMeanAHigherRate() {
    SlateInput in = new SlateInput(0);
    in.add("x", 1, 0.05, -1, null, 1000, 50, 1);
    double[] alpha = new double[1];
    double[] beta = new double[1];
    ClickPosterior.compute(in, 10, NO_DISCOUNT, alpha, beta);
    double flat = ClickPosterior.mean(alpha[0], beta[0]);
    ClickPosterior.compute(in, 10, TWENTY, alpha, beta);
    double discounted = ClickPosterior.mean(alpha[0], beta[0]);
    double exam = ClickPosterior.meanExamination(10, 1.0);
    assertThat(discounted).isGreaterThan(flat);
    assertThat(beta[0]).isCloseTo(20 * 0.95 / 0.05 + exam * 1000 - 50, within(1e-9));
  }

  @Test
  void inconsistentCountsAreClamped() {
    SlateInput in = new SlateInput(0);
    in.add("more clicks than impressions", 1, 0.5, -1, null, 10, 50, 1);
    in.add("negative", 1, 0.5, -1, null, -5, -1, 1);
    double[] alpha = new double[2];
    double[] beta = new double[2];
    ClickPosterior.compute(in, 1, NO_DISCOUNT, alpha, beta);
    // s = 20 pseudo-clicks at p = 0.5: Beta(20, 20) before the (clamped) counts.
    assertThat(alpha[0]).isCloseTo(20 + 10, within(1e-12));
    assertThat(beta[0]).isCloseTo(20, within(1e-12));
    assertThat(alpha[1]).isCloseTo(20, within(1e-12));
    assertThat(beta[1]).isCloseTo(20, within(1e-12));
  }
}
