package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.evaluation.fairness.ExpectedExposureDeviation.Variant;
import org.junit.jupiter.api.Test;

class ExpectedExposureDeviationTest {
  private final ExpectedExposureDeviation iiD =
      new ExpectedExposureDeviation(Variant.INDIVIDUAL, ExpectedExposureDeviation.DEFAULT_GAMMA);
  private final ExpectedExposureDeviation aiD =
      new ExpectedExposureDeviation(Variant.AGGREGATE, ExpectedExposureDeviation.DEFAULT_GAMMA);

  @Test
  void matchesHandComputedIndividualDeviation() {
    FairnessScore s = iiD.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // gamma = 0.8, k = 2: exposures 1 (rank 1), 0.8 (rank 2)
    // target = (1 - 0.8^2) / ((1 - 0.8) * 4) = 0.36 / 0.8 = 0.45
    // per user over its 4 cells: (1 - 0.45)^2 + (0.8 - 0.45)^2 + 2 * 0.45^2
    //   = 0.3025 + 0.1225 + 0.405 = 0.83; II-D = 3 * 0.83 / (3 * 4) = 0.2075
    assertThat(s.original().getAsDouble()).isCloseTo(0.2075, within(1e-12));
    assertThat(s.measure()).isEqualTo("II-D");
    assertThat(s.correction()).isEqualTo(CorrectionStatus.NOT_DEFINED_BY_PAPER);
    assertThat(s.direction()).isEqualTo(FairnessDirection.LOWER_IS_FAIRER);
  }

  @Test
  void matchesHandComputedAggregateDeviation() {
    FairnessScore s = aiD.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // {0,1}, {0,2}, {1,0}: mean exposure per item over the 3 users
    //   item 0: (1 + 1 + 0.8) / 3 = 0.93333, item 1: (0.8 + 1) / 3 = 0.6,
    //   item 2: 0.8 / 3 = 0.26667, item 3: 0
    // deviations from 0.45: 0.48333, 0.15, -0.18333, -0.45
    // squares: 0.233611 + 0.0225 + 0.033611 + 0.2025 = 0.492222; AI-D = 0.492222 / 4 = 0.123056
    double expected = (sq(2.8 / 3 - 0.45) + sq(1.8 / 3 - 0.45) + sq(0.8 / 3 - 0.45) + sq(0.45)) / 4;
    assertThat(s.original().getAsDouble()).isCloseTo(expected, within(1e-12));
    assertThat(s.original().getAsDouble()).isCloseTo(0.123056, within(1e-6));
    assertThat(s.measure()).isEqualTo("AI-D");
  }

  @Test
  void individualDeviationDoesNotDependOnWhichItemsAreRecommended() {
    double identical = iiD.score(exposure(Allocations.identical(3, 2), 4)).originalOrNaN();
    double spread = iiD.score(exposure(Allocations.roundRobin(3, 2, 4), 4)).originalOrNaN();

    assertThat(identical).isCloseTo(0.2075, within(1e-12)).isCloseTo(spread, within(1e-12));
  }

  @Test
  void aggregateDeviationSeparatesConcentratedFromSpreadExposure() {
    double identical = aiD.score(exposure(Allocations.identical(3, 2), 4)).originalOrNaN();
    double spread = aiD.score(exposure(Allocations.roundRobin(3, 2, 4), 4)).originalOrNaN();

    assertThat(identical).isGreaterThan(spread);
  }

  @Test
  void rejectsGammaOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> new ExpectedExposureDeviation(Variant.INDIVIDUAL, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gamma must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> new ExpectedExposureDeviation(Variant.AGGREGATE, 0.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExpectedExposureDeviation(Variant.AGGREGATE, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double sq(double x) {
    return x * x;
  }
}
