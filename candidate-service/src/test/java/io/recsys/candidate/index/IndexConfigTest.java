package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexConfigTest {
  @Test
  void hnswDefaultsAreValidAndEverySettingIsChecked() {
    HnswConfig d = HnswConfig.defaults();
    assertThat(d.m()).isEqualTo(HnswConfig.DEFAULT_M);
    assertThat(d.ef()).isEqualTo(HnswConfig.DEFAULT_EF);
    assertThat(d.effectiveThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(d.withThreads(3).effectiveThreads()).isEqualTo(3);
    assertThatThrownBy(() -> d.withM(1)).hasMessageContaining("m must be");
    assertThatThrownBy(() -> d.withEfConstruction(0)).hasMessageContaining("efConstruction");
    assertThatThrownBy(() -> d.withEf(0)).hasMessageContaining("ef must be");
    assertThatThrownBy(() -> d.withThreads(-1)).hasMessageContaining("threads");
  }

  @Test
  void luceneDefaultsAreValidAndEverySettingIsChecked() {
    LuceneIndexConfig d = LuceneIndexConfig.defaults();
    assertThat(d.maxConn()).isEqualTo(LuceneIndexConfig.DEFAULT_MAX_CONN);
    assertThatThrownBy(() -> d.withMaxConn(0)).hasMessageContaining("maxConn");
    assertThatThrownBy(() -> d.withBeamWidth(100_000)).hasMessageContaining("beamWidth");
  }
}
