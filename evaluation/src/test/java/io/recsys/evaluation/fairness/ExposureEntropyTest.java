package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_B_ITEMS;
import static io.recsys.evaluation.fairness.Allocations.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExposureEntropyTest {
  private final ExposureEntropy ent = new ExposureEntropy();

  @Test
  void matchesHandComputedValuesWhenSlotsExceedTheCatalogue() {
    FairnessScore s = ent.score(exposure(EXAMPLE_A, EXAMPLE_A_ITEMS));

    // p = c / km = (3/6, 2/6, 1/6, 0); -sum p ln p = ln 6 - (3 ln 3 + 2 ln 2 + 1 ln 1) / 6
    //   = 1.791759 - 0.780355 = 1.011404 nats; H = 1.011404 / ln 4 = 0.729574
    double hNats = Math.log(6) - (3 * Math.log(3) + 2 * Math.log(2)) / 6;
    assertThat(s.original().getAsDouble()).isCloseTo(hNats / Math.log(4), within(1e-12));
    assertThat(s.original().getAsDouble()).isCloseTo(0.729574, within(1e-6));
    // Most even: n - r = 2 items with q = 1, r = 2 items with q + 1 = 2:
    //   H_max = ln 6 - (2 * 1 ln 1 + 2 * 2 ln 2) / 6 = ln 3 - (2/3) ln 2 + ln 2  (nats)
    // Identical lists: H_min = ln k = ln 2 (nats). In nats the ratio is
    //   (H - ln 2) / (H_max - ln 2) = ((3 ln 3 - 2 ln 2) / 6) / ((3 ln 3 - 2 ln 2) / 3) = 1/2
    assertThat(s.corrected().getAsDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(s.notes()).singleElement().asString()
        .contains("0*log 0 taken as 0 for the 1 unexposed item(s)");
  }

  @Test
  void usesLogOfUsersAsDenominatorWhenSlotsAreFewerThanItems() {
    FairnessScore s = ent.score(exposure(EXAMPLE_B, EXAMPLE_B_ITEMS));

    // p = (2/4, 1/4, 1/4, 0, 0): -sum p ln p = 1/2 ln 2 + 2 * 1/4 ln 4 = 1.5 ln 2 nats
    // H = 1.5 ln 2 / ln 5 = 0.646015
    assertThat(s.original().getAsDouble()).isCloseTo(1.5 * Math.log(2) / Math.log(5),
        within(1e-12));
    // km < n: corr = (H - log_5 k) / log_5 m = (1.5 ln 2 - ln 2) / ln 2 = 1/2
    assertThat(s.corrected().getAsDouble()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void addsNoNoteWhenEveryItemIsExposed() {
    FairnessScore s = ent.score(exposure(new int[][] {{0, 1}, {2, 0}, {1, 2}}, 3));

    // c = (2, 2, 2): H = log_3 3 = 1, the most even allocation
    assertThat(s.original().getAsDouble()).isCloseTo(1.0, within(1e-12));
    assertThat(s.corrected().getAsDouble()).isEqualTo(1.0);
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void reportsBothValuesUndefinedForASingleItemCatalogue() {
    FairnessScore s = ent.score(exposure(new int[][] {{0}, {0}}, 1));

    assertThat(s.original()).isEmpty();
    assertThat(s.corrected()).isEmpty();
    assertThat(s.correction()).isEqualTo(CorrectionStatus.UNDEFINED_FOR_INPUT);
    assertThat(s.notes()).singleElement().asString().contains("n = 1");
  }

  @Test
  void reportsTheCorrectionUndefinedWhenNEqualsK() {
    FairnessScore s = ent.score(exposure(new int[][] {{0, 1}, {1, 0}}, 2));

    assertThat(s.original().getAsDouble()).isCloseTo(1.0, within(1e-12));
    assertThat(s.corrected()).isEmpty();
    assertThat(s.notes()).singleElement().asString().contains("n = k = 2");
  }
}
