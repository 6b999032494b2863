package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentModelTest {
  @Test
  void variantWeightMustBeFiniteAndPositive() {
    for (double w : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Variant.of("a", w)).isInstanceOf(InvalidExperimentException.class)
          .hasMessageStartingWith("weight: must be > 0");
    }
    assertThat(Variant.of("a", 0.001).weight()).isEqualTo(0.001);
  }

  @Test
  void namesMustMatchTheNamePattern() {
    assertThatThrownBy(() -> Variant.of("has space", 1)).hasMessageStartingWith("name: must match [A-Za-z0-9_.-]{1,64}");
    assertThatThrownBy(() -> Variant.of("a:b", 1)).hasMessageStartingWith("name: must match");
    assertThatThrownBy(() -> Variant.of("x".repeat(65), 1)).hasMessageStartingWith("name: must match");
    assertThatThrownBy(() -> new Experiment("{tag}", "s", null, List.of(Variant.of("a", 1))))
        .hasMessageStartingWith("name: must match");
    assertThatThrownBy(() -> new Experiment("e", "s", "home page", List.of(Variant.of("a", 1))))
        .hasMessageStartingWith("surface: must match");
    assertThat(Variant.of("ctrl_2026.v-1", 1).name()).isEqualTo("ctrl_2026.v-1");
  }

  @Test
  void experimentNeedsSaltAndUniqueVariants() {
    assertThatThrownBy(() -> new Experiment("e", " ", null, List.of(Variant.of("a", 1))))
        .hasMessageStartingWith("salt: must be a non-blank string");
    assertThatThrownBy(() -> new Experiment("e", "s", null, List.of())).hasMessageStartingWith("variants: at least one variant");
    assertThatThrownBy(() -> new Experiment("e", "s", null, List.of(Variant.of("a", 1), Variant.of("b", 1), Variant.of("a", 2))))
        .isInstanceOfSatisfying(InvalidExperimentException.class, e -> {
          assertThat(e.field()).isEqualTo("variants[2].name");
          assertThat(e.problem()).contains("duplicate variant name 'a'", "variants[0]");
        });
  }

  @Test
  void variantTooSmallForOneBucketIsRejected() {
    assertThatThrownBy(() -> new Experiment("e", "s", null, List.of(Variant.of("a", 100_000), Variant.of("tiny", 1))))
        .hasMessageStartingWith("variants[1].weight: share")
        .hasMessageContaining("no traffic");
  }

  @Test
  void backendsAcceptOnlyTheThreeStagesWithHttpBaseUrls() {
    VariantOverrides ok = new VariantOverrides(null, null, Map.of(),
        Map.of("ranking", "http://ranking-canary:8082", "rerank", "https://rerank.internal/base"));
    assertThat(ok.backends()).containsEntry("ranking", "http://ranking-canary:8082");
    assertThatThrownBy(() -> new VariantOverrides(null, null, Map.of(), Map.of("features", "http://x")))
        .hasMessageStartingWith("backends.features: unknown stage");
    assertThatThrownBy(() -> new VariantOverrides(null, null, Map.of(), Map.of("ranking", "ftp://x")))
        .hasMessageStartingWith("backends.ranking: must start with http:// or https://");
    assertThatThrownBy(() -> new VariantOverrides(null, null, Map.of(), Map.of("ranking", "http:///nohost")))
        .hasMessageStartingWith("backends.ranking: has no host");
    assertThatThrownBy(() -> new VariantOverrides(null, null, Map.of(), Map.of("candidates", "http://c:1/?x=1")))
        .hasMessageStartingWith("backends.candidates: must be a base URL without query");
  }

  @Test
  void rerankParamsAreCopiedIntoDeeplyImmutableJsonValues() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("item-1", 0);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("mmrLambda", 0.5);
    params.put("pinned", nested);
    params.put("tags", new java.util.ArrayList<>(List.of("a", "b")));
    VariantOverrides o = new VariantOverrides("two-tower", "ranker@2026-11-30", params, Map.of());
    nested.put("item-2", 1); // the caller's map changing later must not reach the snapshot
    assertThat(o.rerankParams()).containsEntry("mmrLambda", 0.5);
    assertThat(o.rerankParams().get("pinned")).isEqualTo(Map.of("item-1", 0));
    assertThatThrownBy(() -> o.rerankParams().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) o.rerankParams().get("tags")).clear()).isInstanceOf(UnsupportedOperationException.class);
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("seed", null);
    assertThatThrownBy(() -> new VariantOverrides(null, null, withNull, Map.of()))
        .hasMessageStartingWith("rerankParams.seed: null is not a value");
    assertThatThrownBy(() -> new VariantOverrides(null, null, Map.of("x", Double.NaN), Map.of()))
        .hasMessageStartingWith("rerankParams.x: must be finite");
  }

  @Test
  void blankStrategyOrModelIsRejectedRatherThanReadAsDefault() {
    assertThatThrownBy(() -> new VariantOverrides(" ", null, Map.of(), Map.of())).hasMessageStartingWith("candidateStrategy: must not be blank");
    assertThatThrownBy(() -> new VariantOverrides(null, "ranker @x", Map.of(), Map.of())).hasMessageStartingWith("rankerModel: must not contain whitespace");
    assertThat(new VariantOverrides(null, null, null, null).isDefault()).isTrue();
  }

  @Test
  void withinPrefixesTheEnclosingPath() {
    InvalidExperimentException e = new InvalidExperimentException("weight", "must be > 0 (was -1.0)");
    assertThat(e.within("experiments[1].variants[0]")).hasMessage("experiments[1].variants[0].weight: must be > 0 (was -1.0)");
    assertThat(new InvalidExperimentException("variants[1].name", "dup").within("experiments[0]").field())
        .isEqualTo("experiments[0].variants[1].name");
  }
}
