package io.recsys.candidate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MainIndexTest {
  @Test
  void autoScansExactlyUpToTheMeasuredThresholdAndUsesTheGraphsAbove() {
    assertThat(MainIndex.AUTO.exactFor(100_000)).isTrue();
    assertThat(MainIndex.AUTO.exactFor(MainIndex.AUTO_EXACT_MAX_ITEMS)).isTrue();
    assertThat(MainIndex.AUTO.exactFor(MainIndex.AUTO_EXACT_MAX_ITEMS + 1)).isFalse();
    assertThat(MainIndex.HNSW.exactFor(10)).isFalse();
    assertThat(MainIndex.EXACT.exactFor(Integer.MAX_VALUE)).isTrue();
  }

  @Test
  void parsesTheSettingAndNamesTheChoicesOtherwise() {
    assertThat(MainIndex.parse(" hnsw ")).isEqualTo(MainIndex.HNSW);
    assertThatThrownBy(() -> MainIndex.parse("faiss")).hasMessageContaining("auto, exact or hnsw");
  }
}
