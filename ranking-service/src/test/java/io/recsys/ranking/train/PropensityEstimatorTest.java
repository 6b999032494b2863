package io.recsys.ranking.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PropensityEstimatorTest {
  @Test
  void propensityIsAClippedPowerOfRelativePopularity() {
    double[] p = new PropensityEstimator(0.5, 0.01).propensities(new int[] {100, 25, 0, 1});
    assertThat(p[0]).isEqualTo(1.0);
    assertThat(p[1]).isCloseTo(0.5, within(1e-12));
    assertThat(p[2]).as("never seen: clipped, not zero").isEqualTo(0.01);
    assertThat(p[3]).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void rarePositivesWeighMoreNegativesKeepOneAndPositivesAverageOne() {
    double[] propensity = {1.0, 0.25};
    int[] item = {0, 1, 0, 1};
    float[] positive = {1, 1, 0, 0};
    float[] w = PropensityEstimator.weights(item, positive, propensity);
    assertThat(w[1] / w[0]).isCloseTo(4f, within(1e-5f));
    assertThat((w[0] + w[1]) / 2).isCloseTo(1f, within(1e-6f));
    assertThat(w[2]).isEqualTo(1f);
    assertThat(w[3]).as("no negative weights: the unbounded-loss pitfall").isEqualTo(1f);
  }
}
