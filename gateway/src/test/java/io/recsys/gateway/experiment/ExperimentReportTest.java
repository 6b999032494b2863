package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.gateway.experiment.ExperimentReport.Comparison;
import io.recsys.gateway.experiment.ExperimentReport.Interval;
import io.recsys.gateway.experiment.ExperimentReport.VariantReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ExperimentReportTest {
  private static final Experiment EXPERIMENT = new Experiment("ranker", "s", "home",
      List.of(Variant.of("control", 50), Variant.of("new-model", 30), Variant.of("other", 20)));

  @Test
  void wilsonIntervalMatchesHandComputedValues() {
    // 12 clicks in 100 impressions, z = 1.959964: p = 0.12, z² = 3.841459,
    // centre = (0.12 + 3.841459/200) / (1 + 3.841459/100) = 0.139207 / 1.038415 = 0.134057,
    // half = 1.959964 / 1.038415 · √(0.12·0.88/100 + 3.841459/40000) = 1.887458 · 0.033942 = 0.064063
    // → [0.069994, 0.198121] (Wilson 1927; the usual textbook example gives [0.070, 0.198]).
    Interval i = ExperimentReport.wilson(12, 100, ExperimentReport.Z_95);
    assertThat(i.lower()).isCloseTo(0.069994, within(1e-6));
    assertThat(i.upper()).isCloseTo(0.198121, within(1e-6));
    // No clicks: the lower bound is exactly 0 and the upper z²/(n + z²) = 3.841459/53.841459 = 0.071348.
    Interval zero = ExperimentReport.wilson(0, 50, ExperimentReport.Z_95);
    assertThat(zero.lower()).isZero();
    assertThat(zero.upper()).isCloseTo(0.071348, within(1e-6));
    // Every impression clicked: the mirror image.
    Interval all = ExperimentReport.wilson(50, 50, ExperimentReport.Z_95);
    assertThat(all.upper()).isEqualTo(1.0);
    assertThat(all.lower()).isCloseTo(1 - 0.071348, within(1e-6));
  }

  @Test
  void zTestMatchesHandComputedExample() {
    // Control 100/2000 = 0.05, treatment 130/2000 = 0.065. Pooled p = 230/4000 = 0.0575,
    // se = √(0.0575 · 0.9425 · (1/2000 + 1/2000)) = √5.419375e-5 = 0.00736164,
    // z = 0.015 / 0.00736164 = 2.037589, p = 2(1 − Φ(2.037589)) = 0.041591 < 0.05.
    Map<String, VariantCounts> counts = Map.of(
        "control", new VariantCounts(900, 9000, 2000, 100),
        "new-model", new VariantCounts(600, 6000, 2000, 130));
    ExperimentReport report = ExperimentReport.of(EXPERIMENT, counts);
    Comparison c = report.variants().get(1).vsControl();
    assertThat(c.control()).isEqualTo("control");
    assertThat(c.difference()).isCloseTo(0.015, within(1e-12));
    assertThat(c.relativeDifference()).isCloseTo(0.3, within(1e-12));
    assertThat(c.pooledStandardError()).isCloseTo(0.00736164, within(1e-8));
    assertThat(c.z()).isCloseTo(2.037589, within(1e-6));
    assertThat(c.pValue()).isCloseTo(0.041591, within(1e-6));
    assertThat(c.significantAt05()).isTrue();
    assertThat(c.note()).isNull();

    // 200/4000 = 0.05 against 250/4200 = 0.059524: pooled 450/8200 = 0.054878,
    // se = √(0.054878 · 0.945122 · (1/4000 + 1/4200)) = 0.00503148, z = 0.0095238/0.00503148 = 1.892845,
    // p = 0.058378: not significant.
    Comparison d = ExperimentReport.compare("control", new VariantCounts(0, 0, 4000, 200), new VariantCounts(0, 0, 4200, 250));
    assertThat(d.z()).isCloseTo(1.892845, within(1e-6));
    assertThat(d.pValue()).isCloseTo(0.058378, within(1e-6));
    assertThat(d.significantAt05()).isFalse();
  }

  @Test
  void variantsAppearInDeclarationOrderWithCountsSharesAndCtr() {
    Map<String, VariantCounts> counts = Map.of(
        "other", new VariantCounts(200, 2000, 1000, 40),
        "control", new VariantCounts(500, 5000, 2000, 100),
        "retired", new VariantCounts(5, 50, 10, 1));
    ExperimentReport report = ExperimentReport.of(EXPERIMENT, counts);
    assertThat(report.experiment()).isEqualTo("ranker");
    assertThat(report.control()).isEqualTo("control");
    assertThat(report.confidenceLevel()).isEqualTo(0.95);
    assertThat(report.variants()).extracting(VariantReport::variant).containsExactly("control", "new-model", "other");
    assertThat(report.variants()).extracting(VariantReport::share).containsExactly(0.5, 0.3, 0.2);
    VariantReport control = report.variants().getFirst();
    assertThat(control.requests()).isEqualTo(500);
    assertThat(control.shown()).isEqualTo(5000);
    assertThat(control.ctr()).isEqualTo(0.05);
    assertThat(control.ctrInterval().lower()).isLessThan(0.05);
    assertThat(control.ctrInterval().upper()).isGreaterThan(0.05);
    assertThat(control.vsControl()).isNull();
    assertThat(report.variants().get(2).vsControl().z()).isNegative();
    assertThat(report.undeclaredVariants()).containsExactly("retired");
  }

  @Test
  void zeroImpressionsLeaveCtrIntervalAndTestNullWithANote() {
    ExperimentReport report = ExperimentReport.of(EXPERIMENT, Map.of("control", new VariantCounts(10, 100, 500, 20)));
    VariantReport treatment = report.variants().get(1);
    assertThat(treatment.requests()).isZero();
    assertThat(treatment.ctr()).isNull();
    assertThat(treatment.ctrInterval()).isNull();
    assertThat(treatment.note()).isEqualTo("no impressions yet");
    Comparison c = treatment.vsControl();
    assertThat(c.z()).isNull();
    assertThat(c.pValue()).isNull();
    assertThat(c.pooledStandardError()).isNull();
    assertThat(c.significantAt05()).isNull();
    assertThat(c.note()).contains("no impressions for this variant");

    ExperimentReport noControl = ExperimentReport.of(EXPERIMENT, Map.of("new-model", new VariantCounts(1, 1, 10, 1)));
    assertThat(noControl.variants().get(1).vsControl().note()).contains("no impressions for the control");
  }

  @Test
  void pooledRateOfZeroOrOneMakesTheTestUndefined() {
    Comparison none = ExperimentReport.compare("control", new VariantCounts(0, 0, 100, 0), new VariantCounts(0, 0, 80, 0));
    assertThat(none.z()).isNull();
    assertThat(none.pValue()).isNull();
    assertThat(none.difference()).isZero();
    assertThat(none.note()).contains("no clicks in either variant");
    Comparison all = ExperimentReport.compare("control", new VariantCounts(0, 0, 5, 5), new VariantCounts(0, 0, 7, 7));
    assertThat(all.z()).isNull();
    assertThat(all.note()).contains("every impression clicked");
  }

  @Test
  void inconsistentFeedbackIsNotedInsteadOfProducingImpossibleRates() {
    ExperimentReport report = ExperimentReport.of(EXPERIMENT, Map.of(
        "control", new VariantCounts(1, 1, 10, 12), "new-model", new VariantCounts(1, 1, 10, 1)));
    assertThat(report.variants().getFirst().ctrInterval()).isNull();
    assertThat(report.variants().getFirst().note()).contains("more clicks than impressions");
    assertThat(report.variants().get(1).vsControl().pValue()).isNull();
  }

  @Test
  void serialisesToJsonWithPlainFieldsAndNoNaN() {
    ExperimentReport report = ExperimentReport.of(EXPERIMENT, Map.of(
        "control", new VariantCounts(900, 9000, 2000, 100), "new-model", new VariantCounts(600, 6000, 2000, 130)));
    JsonMapper json = JsonMapper.builder().build();
    String text = json.writeValueAsString(report);
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode tree = json.readTree(text);
    assertThat(tree.get("experiment").asString()).isEqualTo("ranker");
    JsonNode control = tree.get("variants").get(0);
    assertThat(control.get("ctr").doubleValue()).isEqualTo(0.05);
    assertThat(control.get("ctrInterval").get("lower").isNumber()).isTrue();
    assertThat(control.get("vsControl").isNull()).isTrue();
    JsonNode vs = tree.get("variants").get(1).get("vsControl");
    assertThat(vs.get("pValue").doubleValue()).isCloseTo(0.041591, within(1e-6));
    assertThat(vs.get("significantAt05").booleanValue()).isTrue();
    JsonNode empty = tree.get("variants").get(2);
    assertThat(empty.get("ctr").isNull()).isTrue();
    assertThat(empty.get("vsControl").get("z").isNull()).isTrue();
    assertThat(empty.get("vsControl").get("note").asString()).contains("no impressions");
    assertThat(json.readValue(text, ExperimentReport.class)).isEqualTo(report);
  }
}
