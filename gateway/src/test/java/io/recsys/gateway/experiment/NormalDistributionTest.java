package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalDistributionTest {
  @Test
  void cdfMatchesTabulatedValues() {
    assertThat(NormalDistribution.cdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(NormalDistribution.cdf(1.959964)).isCloseTo(0.975, within(1e-7));
    assertThat(NormalDistribution.cdf(-1.959964)).isCloseTo(0.025, within(1e-7));
    assertThat(NormalDistribution.cdf(-3)).isCloseTo(0.0013499, within(1e-7));
    assertThat(NormalDistribution.cdf(1)).isCloseTo(0.8413447, within(1e-7));
  }

  @Test
  void tailProbabilitiesKeepTheirRelativeAccuracy() {
    // Φ(-6) = 9.8658765e-10: an absolute-error approximation would return garbage here.
    assertThat(NormalDistribution.cdf(-6)).isCloseTo(9.8658765e-10, within(9.8658765e-10 * 2e-7));
    assertThat(NormalDistribution.twoSidedPValue(1.959964)).isCloseTo(0.05, within(1e-7));
    assertThat(NormalDistribution.twoSidedPValue(-1.959964)).isEqualTo(NormalDistribution.twoSidedPValue(1.959964));
    assertThat(NormalDistribution.erfc(0)).isCloseTo(1, within(1e-7));
    assertThat(NormalDistribution.erfc(-1) + NormalDistribution.erfc(1)).isCloseTo(2, within(1e-12));
  }
}
