package io.recsys.evaluation.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FairnessScoreTest {
  private static final FairnessDirection UP = FairnessDirection.HIGHER_IS_FAIRER;

  @Test
  void derivesTheCorrectionStatusFromThePresenceOfACorrectedValue() {
    assertThat(FairnessScore.corrected("X", UP, OptionalDouble.of(1), OptionalDouble.of(0.5),
        List.of()).correction()).isEqualTo(CorrectionStatus.APPLIED);
    assertThat(FairnessScore.corrected("X", UP, OptionalDouble.of(1), OptionalDouble.empty(),
        List.of("why")).correction()).isEqualTo(CorrectionStatus.UNDEFINED_FOR_INPUT);
    assertThat(FairnessScore.uncorrected("X", UP, OptionalDouble.of(1), List.of()).correction())
        .isEqualTo(CorrectionStatus.NOT_DEFINED_BY_PAPER);
  }

  @Test
  void rejectsACorrectedValueThatContradictsItsStatus() {
    assertThatThrownBy(() -> new FairnessScore("X", UP, OptionalDouble.of(1),
        OptionalDouble.of(0.5), CorrectionStatus.NOT_DEFINED_BY_PAPER, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contradicts correction status NOT_DEFINED_BY_PAPER");
    assertThatThrownBy(() -> new FairnessScore("X", UP, OptionalDouble.of(1),
        OptionalDouble.empty(), CorrectionStatus.APPLIED, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNanInPlaceOfAnAbsentValue() {
    assertThatThrownBy(() -> FairnessScore.uncorrected(
        "X", UP, OptionalDouble.of(Double.NaN), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN must be reported as an absent value");
  }

  @Test
  void rendersAbsentValuesAsNanOnRequest() {
    FairnessScore s = FairnessScore.uncorrected("X", UP, OptionalDouble.empty(), List.of());

    assertThat(s.originalOrNaN()).isNaN();
    assertThat(s.correctedOrNaN()).isNaN();
  }
}
