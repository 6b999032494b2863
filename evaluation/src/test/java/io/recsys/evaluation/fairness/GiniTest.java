package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GiniTest {
  private final Gini gini = new Gini();

  @Test
  void matchesHandComputedValuesWhenSlotsExceedTheCatalogue() {
    FairnessScore s = gini.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // sorted c = (0, 1, 2, 3), coefficients 2j - n - 1 = (-3, -1, 1, 3)
    // sum = 0 - 1 + 2 + 9 = 10; G = 10 / (km n) = 10 / 24 = 5/12
    // G_min = (n - r) r / (n km) = 2 * 2 / 24 = 1/6; G_max = 1 - k/n = 1/2
    // corr = (5/12 - 1/6) / (1/2 - 1/6) = (1/4) / (1/3) = 3/4
    assertThat(s.original().getAsDouble()).isCloseTo(5.0 / 12, within(1e-12));
    assertThat(s.corrected().getAsDouble()).isCloseTo(0.75, within(1e-12));
    assertThat(s.direction()).isEqualTo(FairnessDirection.LOWER_IS_FAIRER);
  }

  @Test
  void matchesHandComputedValuesWhenSlotsAreFewerThanItems() {
    FairnessScore s = gini.score(exposure(EXAMPLE_B, EXAMPLE_B_ITEMS));

    // sorted c = (0, 0, 1, 1, 2), coefficients (-4, -2, 0, 2, 4): sum = 2 + 8 = 10
    // G = 10 / (4 * 5) = 1/2; G_min = (5 - 4) * 4 / 20 = 1/5; G_max = 1 - 2/5 = 3/5
    // corr = (1/2 - 1/5) / (3/5 - 1/5) = (3/10) / (2/5) = 3/4
    assertThat(s.original().getAsDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(s.corrected().getAsDouble()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void reportsTheCorrectionUndefinedWhenNEqualsK() {
    FairnessScore s = gini.score(exposure(new int[][] {{0, 1}, {1, 0}}, 2));

    assertThat(s.original().getAsDouble()).isZero();
    assertThat(s.corrected()).isEmpty();
    assertThat(s.notes()).singleElement().asString().contains("n = k = 2");
  }
}
