package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.A2;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankWeightedGiniTest {
  private final RankWeightedGini giniW = new RankWeightedGini();

  @Test
  void usesTheRankAwareMinimumWhenEverySlotCanHoldItsOwnItem() {
    FairnessScore s = giniW.score(exposure(EXAMPLE_B, EXAMPLE_B_ITEMS));

    // a1 = 1, a2 = 1/log2 3 = A2. {0,1}, {2,0}: w = (1 + a2, a2, 1, 0, 0), W = 2 (1 + a2)
    // sorted w = (0, 0, a2, 1, 1 + a2), coefficients (-4, -2, 0, 2, 4): sum = 2 + 4 (1 + a2)
    //   = 6 + 4 a2; G_w = (6 + 4 a2) / (n W) = (6 + 4 a2) / (10 (1 + a2))
    // denominator of both bounds: n m (a1 + a2) = 10 (1 + a2)
    // max numerator: m sum_l (n - 2l + 1) a_l = 2 (4 * 1 + 2 * a2) = 8 + 4 a2
    // min numerator (km = 4 <= n = 5): sum_l m (n - (2l - 1) m) a_l = 2 * 3 * 1 + 2 * (-1) * a2
    //   = 6 - 2 a2  (official double loop: l = 1, j = 4..5 -> 2 + 4; l = 2, j = 2..3 -> -2 + 0)
    // corr = (6 + 4 a2 - 6 + 2 a2) / (8 + 4 a2 - 6 + 2 a2) = 6 a2 / (2 + 6 a2) = 3 a2 / (1 + 3 a2)
    assertThat(s.original().getAsDouble())
        .isCloseTo((6 + 4 * A2) / (10 * (1 + A2)), within(1e-12));
    assertThat(s.corrected().getAsDouble()).isCloseTo(3 * A2 / (1 + 3 * A2), within(1e-12));
    assertThat(s.corrected().getAsDouble()).isCloseTo(0.654313, within(1e-6));
    assertThat(s.notes()).isEmpty();
    assertThat(s.direction()).isEqualTo(FairnessDirection.LOWER_IS_FAIRER);
  }

  @Test
  void usesZeroAsTheMinimumWhenSlotsExceedTheCatalogueAndSaysSo() {
    FairnessScore s = giniW.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // {0,1}, {0,2}, {1,0}: w = (2 + a2, 1 + a2, a2, 0), W = 3 (1 + a2)
    // sorted (0, a2, 1 + a2, 2 + a2), coefficients (-3, -1, 1, 3): sum = 7 + 3 a2
    // G_w = (7 + 3 a2) / (4 * 3 (1 + a2)); max numerator = 3 ((4 - 1) * 1 + (4 - 3) a2) = 9 + 3 a2
    // km = 6 > n: min = 0, corr = (7 + 3 a2) / (9 + 3 a2)
    assertThat(s.original().getAsDouble())
        .isCloseTo((7 + 3 * A2) / (12 * (1 + A2)), within(1e-12));
    assertThat(s.corrected().getAsDouble()).isCloseTo((7 + 3 * A2) / (9 + 3 * A2), within(1e-12));
    assertThat(s.notes()).singleElement().asString()
        .contains("km = 6 > n = 4").contains("lower bound 0");
  }

  @Test
  void staysDefinedWhenEveryListHoldsTheWholeCatalogue() {
    // n = k = 2, m = 2; a_1 = 1, a_2 = A2. Same order twice: w = (2, 2 a2), sorted (2 a2, 2),
    // G_w = (-2 a2 + 2) / (2 * 2 (1 + a2)); max numerator = 2 ((2 - 1) * 1 + (2 - 3) a2), the same
    // over the same denominator 2 * 2 (1 + a2), so corr = 1.
    FairnessScore same = giniW.score(exposure(new int[][] {{0, 1}, {0, 1}}, 2));
    // Opposite orders: w = (1 + a2, 1 + a2), G_w = 0, corr = 0.
    FairnessScore opposite = giniW.score(exposure(new int[][] {{0, 1}, {1, 0}}, 2));

    assertThat(same.original().getAsDouble())
        .isCloseTo((2 - 2 * A2) / (4 * (1 + A2)), within(1e-12));
    assertThat(same.corrected().getAsDouble()).isEqualTo(1.0);
    assertThat(opposite.original().getAsDouble()).isCloseTo(0.0, within(1e-12));
    assertThat(opposite.corrected().getAsDouble()).isEqualTo(0.0);
  }

  @Test
  void reportsTheCorrectionUndefinedForASingleUser() {
    FairnessScore s = giniW.score(exposure(new int[][] {{2, 0}}, 4));

    assertThat(s.original()).isPresent();
    assertThat(s.corrected()).isEmpty();
    assertThat(s.correction()).isEqualTo(CorrectionStatus.UNDEFINED_FOR_INPUT);
    assertThat(s.notes()).singleElement().asString().contains("m = 1");
  }
}
