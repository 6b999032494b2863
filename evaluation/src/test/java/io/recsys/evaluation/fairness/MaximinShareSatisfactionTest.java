package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaximinShareSatisfactionTest {
  private final MaximinShareSatisfaction fsat = new MaximinShareSatisfaction();

  @Test
  void matchesHandComputedValues() {
    FairnessScore s = fsat.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // q = floor(6 / 4) = 1; c = (3, 2, 1, 0): 3 items reach 1 -> FSat = 3/4
    // corr = (3/4 - k/n) / (1 - k/n) = (3/4 - 1/2) / (1/2) = 1/2
    assertThat(s.original().getAsDouble()).isEqualTo(0.75);
    assertThat(s.corrected().getAsDouble()).isEqualTo(0.5);
    assertThat(s.notes()).isEmpty();
    assertThat(s.direction()).isEqualTo(FairnessDirection.HIGHER_IS_FAIRER);
  }

  @Test
  void isAlwaysOneWhenSlotsAreFewerThanItemsAndSaysSo() {
    FairnessScore s = fsat.score(exposure(EXAMPLE_B, EXAMPLE_B_ITEMS));

    // km = 4 < n = 5: q = 0, so all 5 items (2 of them unexposed) satisfy c_i >= 0
    assertThat(s.original().getAsDouble()).isEqualTo(1.0);
    assertThat(s.corrected().getAsDouble()).isEqualTo(1.0);
    assertThat(s.notes()).singleElement().asString()
        .isEqualTo("km = 4 < n = 5: q = 0, FSat is always 1");
  }

  @Test
  void reportsCorrectedValuesBelowZeroWhenFewerThanKItemsReachTheShare() {
    // n = 4, k = 3, m = 4: km = 12, q = 3. c = (4, 4, 2, 2): only items 0 and 1 reach 3.
    // FSat = 2/4; corr = (1/2 - 3/4) / (1 - 3/4) = -1: the official correction assumes k/n is the
    // least achievable FSat, which this allocation undercuts.
    int[][] lists = {{0, 1, 2}, {0, 1, 2}, {0, 1, 3}, {0, 1, 3}};
    FairnessScore s = fsat.score(exposure(lists, 4));

    assertThat(s.original().getAsDouble()).isEqualTo(0.5);
    assertThat(s.corrected().getAsDouble()).isEqualTo(-1.0);
    assertThat(s.notes()).singleElement().asString()
        .contains("only 2 item(s) reach the maximin share q = 3").contains("below 0");
  }

  @Test
  void reportsTheCorrectionUndefinedWhenNEqualsK() {
    FairnessScore s = fsat.score(exposure(new int[][] {{0, 1}, {1, 0}}, 2));

    assertThat(s.original().getAsDouble()).isEqualTo(1.0);
    assertThat(s.corrected()).isEmpty();
    assertThat(s.correction()).isEqualTo(CorrectionStatus.UNDEFINED_FOR_INPUT);
    assertThat(s.notes()).singleElement().asString().contains("n = k = 2");
  }
}
