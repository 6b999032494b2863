package io.recsys.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticConfigTest {
  @Test
  void presetsGrowFromTinyToLargeAndLargeIsTheBenchmarkSize() {
    SyntheticConfig tiny = SizePreset.TINY.config();
    assertThat(tiny.items()).isEqualTo(200);
    assertThat(tiny.users()).isEqualTo(100);
    assertThat(tiny.events()).isEqualTo(5_000);
    SyntheticConfig large = SizePreset.LARGE.config();
    assertThat(large.items()).isEqualTo(1_000_000);
    assertThat(large.events()).isEqualTo(10_000_000);
    SizePreset[] all = SizePreset.values();
    for (int i = 1; i < all.length; i++) {
      assertThat(all[i].config().items()).isGreaterThan(all[i - 1].config().items());
      assertThat(all[i].config().events()).isGreaterThan(all[i - 1].config().events());
    }
    assertThat(tiny.dim()).isEqualTo(16);
    assertThat(tiny.seed()).isEqualTo(42);
  }

  @Test
  void parsesPresetNamesCaseInsensitivelyAndListsTheChoicesOtherwise() {
    assertThat(SizePreset.parse("Medium")).isEqualTo(SizePreset.MEDIUM);
    assertThat(SizePreset.parse("tiny")).isEqualTo(SizePreset.TINY);
    assertThatThrownBy(() -> SizePreset.parse("huge")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown size 'huge' (expected tiny, small, medium or large)");
  }

  @Test
  void overridesChangeOnlyTheirValue() {
    SyntheticConfig c = SizePreset.SMALL.config().withItems(300).withUsers(20).withEvents(900).withTopics(3)
        .withDim(4).withSeed(9);
    assertThat(c).isEqualTo(new SyntheticConfig(300, 20, 900, 3, 4, 9, ModelParameters.DEFAULTS));
  }

  @Test
  void rejectsImpossibleSizesNamingTheValues() {
    SyntheticConfig tiny = SizePreset.TINY.config();
    assertThatThrownBy(() -> tiny.withItems(5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("items (5) must be >= topics (8)");
    assertThatThrownBy(() -> tiny.withEvents(99)).hasMessageContaining("events (99) must be >= users (100)");
    assertThatThrownBy(() -> tiny.withDim(2)).hasMessageContaining("dim must be >= 3");
    assertThatThrownBy(() -> tiny.withTopics(0)).hasMessageContaining("topics must be >= 1: 0");
    assertThatThrownBy(() -> tiny.withUsers(0)).hasMessageContaining("users must be >= 1: 0");
    assertThatThrownBy(() -> ModelParameters.DEFAULTS.withDriftProbability(1.5))
        .hasMessage("driftProbability must be in [0, 1]: 1.5");
  }

  @Test
  void moreInterestsThanTopicsAreCappedAtTheTopicCount() {
    SyntheticConfig c = SizePreset.TINY.config().withTopics(2);
    assertThat(c.model().maxInterests()).isEqualTo(2);
  }
}
