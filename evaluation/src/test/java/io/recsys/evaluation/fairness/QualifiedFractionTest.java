package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualifiedFractionTest {
  private final QualifiedFraction qf = new QualifiedFraction();

  @Test
  void matchesHandComputedValuesWhenSlotsExceedTheCatalogue() {
    FairnessScore s = qf.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // 3 of n = 4 items exposed: QF = 3/4; corr = (3 - k) / (n - k) = (3 - 2) / (4 - 2) = 1/2
    assertThat(s.original().getAsDouble()).isEqualTo(0.75);
    assertThat(s.corrected().getAsDouble()).isEqualTo(0.5);
    assertThat(s.direction()).isEqualTo(FairnessDirection.HIGHER_IS_FAIRER);
  }

  @Test
  void dividesByTheSlotsWhenFewerThanItems() {
    FairnessScore s = qf.score(exposure(EXAMPLE_B, EXAMPLE_B_ITEMS));

    // 3 of 5 exposed: QF = 3/5; km = 4 < n, corr = (3 - 2) / (k (m - 1)) = 1 / (2 * 1) = 1/2
    assertThat(s.original().getAsDouble()).isEqualTo(0.6);
    assertThat(s.corrected().getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void reportsTheCorrectionUndefinedWhenNEqualsK() {
    FairnessScore s = qf.score(exposure(new int[][] {{0, 1}, {1, 0}}, 2));

    assertThat(s.original().getAsDouble()).isEqualTo(1.0);
    assertThat(s.correction()).isEqualTo(CorrectionStatus.UNDEFINED_FOR_INPUT);
    assertThat(s.notes()).singleElement().asString().contains("n = k = 2");
  }
}
