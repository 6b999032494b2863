package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExposureFairnessTest {

  @Test
  void reportsEveryMeasureInTheFixedOrder() {
    ExposureFairnessReport r = ExposureFairness.evaluate(EXAMPLE_A, EXAMPLE_A_ITEMS);

    assertThat(r.scores()).extracting(FairnessScore::measure)
        .containsExactly("Jain", "QF", "Ent", "Gini", "Gini-w", "FSat", "VoCD", "II-D", "AI-D");
    assertThat(r.users()).isEqualTo(3);
    assertThat(r.listLength()).isEqualTo(2);
    assertThat(r.items()).isEqualTo(4);
    assertThat(r.slots()).isEqualTo(6);
  }

  @Test
  void reportScoresAgreeWithTheIndividualMeasures() {
    ExposureCounts e = ExposureCounts.from(EXAMPLE_A, EXAMPLE_A_ITEMS);
    ExposureFairness fairness = new ExposureFairness(ExposureFairness.Config.DEFAULTS);
    ExposureFairnessReport r = fairness.evaluate(e);

    for (ExposureFairnessMeasure measure : fairness.measures()) {
      assertThat(r.score(measure.name())).isEqualTo(measure.score(e));
    }
    assertThat(r.score("Gini").correctedOrNaN()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void marksWhichMeasuresHaveNoCorrectionInThePaper() {
    ExposureFairnessReport r = ExposureFairness.evaluate(EXAMPLE_A, EXAMPLE_A_ITEMS);

    assertThat(r.scores()).filteredOn(s -> s.correction() == CorrectionStatus.NOT_DEFINED_BY_PAPER)
        .extracting(FairnessScore::measure)
        .containsExactly("VoCD", "II-D", "AI-D");
    assertThat(r.score("VoCD").correctedOrNaN()).isNaN();
  }

  @Test
  void reportsUndefinedCorrectionsWhenEveryListHoldsTheWholeCatalogue() {
    ExposureFairnessReport r = ExposureFairness.evaluate(new int[][] {{0, 1, 2}, {1, 2, 0}}, 3);

    for (String measure : new String[] {"Jain", "QF", "Ent", "Gini", "FSat"}) {
      FairnessScore s = r.score(measure);
      assertThat(s.correction()).as(measure).isEqualTo(CorrectionStatus.UNDEFINED_FOR_INPUT);
      assertThat(s.corrected()).as(measure).isEmpty();
      assertThat(s.original()).as(measure).isPresent();
      assertThat(s.notes()).as(measure).anySatisfy(n -> assertThat(n).contains("n = k = 3"));
    }
    // which rank each item holds still varies, so Gini-w's correction remains defined
    assertThat(r.score("Gini-w").correction()).isEqualTo(CorrectionStatus.APPLIED);
  }

  @Test
  void usesTheConfiguredGamma() {
    ExposureCounts e = ExposureCounts.from(EXAMPLE_A, EXAMPLE_A_ITEMS);
    ExposureFairnessReport r = new ExposureFairness(new ExposureFairness.Config(0.5)).evaluate(e);

    // gamma = 0.5: exposures 1, 0.5; target = (1 - 0.25) / (0.5 * 4) = 0.375
    // per user: 0.625^2 + 0.125^2 + 2 * 0.375^2 = 0.390625 + 0.015625 + 0.28125 = 0.6875
    // II-D = 0.6875 / 4 = 0.171875
    assertThat(r.score("II-D").originalOrNaN()).isCloseTo(0.171875, within(1e-12));
  }

  @Test
  void rejectsInvalidListsWithAMessage() {
    assertThatThrownBy(() -> ExposureFairness.evaluate(new int[][] {{0, 0}}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list 0 contains item 0 twice");
    assertThatThrownBy(() -> new ExposureFairness.Config(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gamma must be in (0, 1), got 1.5");
  }

  @Test
  void rejectsUnknownMeasureNames() {
    ExposureFairnessReport r = ExposureFairness.evaluate(EXAMPLE_A, EXAMPLE_A_ITEMS);

    assertThatThrownBy(() -> r.score("NDCG"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no measure named 'NDCG'");
  }
}
