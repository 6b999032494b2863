package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairwiseRelativeCountDifferenceTest {
  private final PairwiseRelativeCountDifference vocd = new PairwiseRelativeCountDifference();

  @Test
  void averagesRelativeDifferencesOverPairsOfExposedItems() {
    FairnessScore s = vocd.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // exposed counts (3, 2, 1): |3-2|/3 = 1/3, |3-1|/3 = 2/3, |2-1|/2 = 1/2; mean = 1.5 / 3 = 1/2
    assertThat(s.original().getAsDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(s.corrected()).isEmpty();
    assertThat(s.correction()).isEqualTo(CorrectionStatus.NOT_DEFINED_BY_PAPER);
    assertThat(s.direction()).isEqualTo(FairnessDirection.LOWER_IS_FAIRER);
    assertThat(s.notes()).singleElement().asString()
        .isEqualTo("VoCD ignores the 1 unexposed item(s)");
  }

  @Test
  void countsTiedPairsAsZero() {
    FairnessScore s = vocd.score(exposure(EXAMPLE_B, EXAMPLE_B_ITEMS));

    // exposed counts (2, 1, 1): 1/2, 1/2, 0; mean = 1/3
    assertThat(s.original().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void scoresIdenticalListsAsPerfectlyFairBecauseUnexposedItemsAreIgnored() {
    FairnessScore s = vocd.score(exposure(Allocations.identical(4, 3), 10));

    // exposed counts (4, 4, 4): every pair differs by 0, although 7 of 10 items are never shown
    assertThat(s.original().getAsDouble()).isZero();
    assertThat(s.notes()).singleElement().asString().contains("ignores the 7 unexposed");
  }

  @Test
  void isUndefinedWithFewerThanTwoExposedItems() {
    FairnessScore s = vocd.score(exposure(new int[][] {{2}, {2}, {2}}, 5));

    assertThat(s.original()).isEmpty();
    assertThat(s.notes()).anySatisfy(n -> assertThat(n).contains("fewer than two exposed items"));
  }
}
