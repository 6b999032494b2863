package io.recsys.rerank.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RerankConfigTest {
  @Test
  void defaultsAreTheNamedConstants() {
    RerankConfig c = RerankConfig.defaults();
    assertThat(c.diversity()).isEqualTo(Diversity.DPP);
    assertThat(c.mmrLambda()).isEqualTo(0.62);
    assertThat(c.dppTheta()).isEqualTo(0.81);
    assertThat(c.explore()).isTrue();
    assertThat(c.priorStrength()).isEqualTo(1000);
    assertThat(c.groupStrength()).isEqualTo(5);
    assertThat(c.positionBiasEta()).isEqualTo(1.0);
    assertThat(c.maxPerCategory()).isEqualTo(0);
    assertThat(c.nearDuplicateCosine()).isEqualTo(0.98);
    assertThat(c.propensitySamples()).isEqualTo(64);
    assertThat(c.policyName()).isEqualTo("ts+dpp");
  }

  @Test
  void eachWitherChangesOnlyItsSetting() {
    RerankConfig d = RerankConfig.defaults();
    assertThat(d.withDiversity(Diversity.MMR)).isEqualTo(new RerankConfig(Diversity.MMR, 0.62, 0.81, true, 1000, 5, 1.0, 0, 0.98, 64));
    assertThat(d.withMmrLambda(0.5).mmrLambda()).isEqualTo(0.5);
    assertThat(d.withDppTheta(0.2).dppTheta()).isEqualTo(0.2);
    assertThat(d.withExplore(false)).isEqualTo(new RerankConfig(Diversity.DPP, 0.62, 0.81, false, 1000, 5, 1.0, 0, 0.98, 64));
    assertThat(d.withPriorStrength(7).priorStrength()).isEqualTo(7);
    assertThat(d.withGroupStrength(0).groupStrength()).isEqualTo(0);
    assertThat(d.withPositionBiasEta(0.5).positionBiasEta()).isEqualTo(0.5);
    assertThat(d.withMaxPerCategory(0).maxPerCategory()).isEqualTo(0);
    assertThat(d.withNearDuplicateCosine(1.0).nearDuplicateCosine()).isEqualTo(1.0);
    assertThat(d.withPropensitySamples(0).propensitySamples()).isEqualTo(0);
    assertThat(d.withMmrLambda(0.5).withMmrLambda(0.62)).isEqualTo(d);
  }

  @Test
  void policyNamesSayExplorationAndDiversity() {
    RerankConfig d = RerankConfig.defaults();
    assertThat(d.withDiversity(Diversity.DPP).policyName()).isEqualTo("ts+dpp");
    assertThat(d.withDiversity(Diversity.NONE).policyName()).isEqualTo("ts");
    assertThat(d.withExplore(false).withDiversity(Diversity.DPP).policyName()).isEqualTo("greedy+dpp");
    assertThat(d.withExplore(false).withDiversity(Diversity.NONE).policyName()).isEqualTo("greedy");
  }

  @Test
  void rejectsOutOfRangeSettingsNamingThem() {
    RerankConfig d = RerankConfig.defaults();
    rejects(() -> d.withDiversity(null), NullPointerException.class, "diversity");
    rejects(() -> d.withMmrLambda(1.5), IllegalArgumentException.class, "mmrLambda");
    rejects(() -> d.withMmrLambda(Double.NaN), IllegalArgumentException.class, "mmrLambda");
    rejects(() -> d.withDppTheta(1.0), IllegalArgumentException.class, "dppTheta");
    rejects(() -> d.withDppTheta(-0.1), IllegalArgumentException.class, "dppTheta");
    rejects(() -> d.withPriorStrength(0), IllegalArgumentException.class, "priorStrength");
    rejects(() -> d.withPriorStrength(Double.POSITIVE_INFINITY), IllegalArgumentException.class, "priorStrength");
    rejects(() -> d.withGroupStrength(-1), IllegalArgumentException.class, "groupStrength");
    rejects(() -> d.withPositionBiasEta(-0.5), IllegalArgumentException.class, "positionBiasEta");
    rejects(() -> d.withMaxPerCategory(-1), IllegalArgumentException.class, "maxPerCategory");
    rejects(() -> d.withNearDuplicateCosine(0), IllegalArgumentException.class, "nearDuplicateCosine");
    rejects(() -> d.withNearDuplicateCosine(Double.NaN), IllegalArgumentException.class, "nearDuplicateCosine");
    rejects(() -> d.withPropensitySamples(-1), IllegalArgumentException.class, "propensitySamples");
    rejects(() -> d.withPropensitySamples(RerankConfig.MAX_PROPENSITY_SAMPLES + 1), IllegalArgumentException.class,
        "propensitySamples");
  }

  @Test
  void nearDuplicateSuppressionIsOffAtOneAndAbove() {
    RerankConfig d = RerankConfig.defaults();
    assertThat(d.suppressesNearDuplicates()).isTrue();
    assertThat(d.withNearDuplicateCosine(RerankConfig.NEAR_DUPLICATES_ALLOWED).suppressesNearDuplicates()).isFalse();
    assertThat(d.withNearDuplicateCosine(2).suppressesNearDuplicates()).isFalse();
  }

  private static void rejects(Supplier<RerankConfig> make, Class<? extends Exception> type, String setting) {
    assertThatThrownBy(make::get).isInstanceOf(type).hasMessageContaining(setting);
  }
}
