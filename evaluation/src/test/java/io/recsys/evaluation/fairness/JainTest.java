package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JainTest {
  private final Jain jain = new Jain();

  @Test
  void matchesHandComputedValuesWhenSlotsExceedTheCatalogue() {
    FairnessScore s = jain.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // c = (3,2,1,0), km = 6, n = 4, k = 2, q = 1, r = 2
    // J     = 6^2 / (4 * (9 + 4 + 1)) = 36 / 56 = 9/14
    // J_max = 36 / 4 / (4 * 1^2 + 2 * (2*1 + 1)) = 9 / 10
    // corr  = (9/14 - 1/2) / (9/10 - 1/2) = (1/7) / (2/5) = 5/14
    assertThat(s.original().getAsDouble()).isCloseTo(9.0 / 14, within(1e-12));
    assertThat(s.corrected().getAsDouble()).isCloseTo(5.0 / 14, within(1e-12));
    assertThat(s.correction()).isEqualTo(CorrectionStatus.APPLIED);
    assertThat(s.direction()).isEqualTo(FairnessDirection.HIGHER_IS_FAIRER);
    assertThat(s.measure()).isEqualTo("Jain");
  }

  @Test
  void matchesHandComputedValuesWhenSlotsAreFewerThanItems() {
    FairnessScore s = jain.score(exposure(EXAMPLE_B, EXAMPLE_B_ITEMS));

    // c = (2,1,1,0,0), km = 4, n = 5, k = 2, q = 0, r = 4
    // J     = 16 / (5 * 6) = 8/15
    // J_max = 16 / 5 / (5 * 0 + 4 * 1) = 4/5
    // corr  = (8/15 - 2/5) / (4/5 - 2/5) = (2/15) / (2/5) = 1/3
    assertThat(s.original().getAsDouble()).isCloseTo(8.0 / 15, within(1e-12));
    assertThat(s.corrected().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void reportsTheCorrectionUndefinedWhenEveryListHoldsTheWholeCatalogue() {
    FairnessScore s = jain.score(exposure(new int[][] {{0, 1, 2}, {2, 1, 0}}, 3));

    assertThat(s.original().getAsDouble()).isEqualTo(1.0); // 36 / (3 * 12)
    assertThat(s.corrected()).isEmpty();
    assertThat(s.correction()).isEqualTo(CorrectionStatus.UNDEFINED_FOR_INPUT);
    assertThat(s.notes()).singleElement().asString().contains("n = k = 3").contains("undefined");
  }

  @Test
  void reportsTheCorrectionUndefinedForASingleUser() {
    FairnessScore s = jain.score(exposure(new int[][] {{3, 1}}, 5));

    assertThat(s.corrected()).isEmpty();
    assertThat(s.notes()).singleElement().asString().contains("m = 1");
  }
}
