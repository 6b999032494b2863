package io.recsys.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AucTest {
  @Test
  void perfectRankingIsOneAndReversedIsZero() {
    float[] labels = {0, 0, 1, 1};
    assertThat(Auc.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, labels, 4)).isEqualTo(1.0);
    assertThat(Auc.of(new float[] {0.4f, 0.3f, 0.2f, 0.1f}, labels, 4)).isEqualTo(0.0);
  }

  @Test
  void tiesCountHalf() {
    assertThat(Auc.of(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new float[] {0, 1, 0, 1}, 4)).isEqualTo(0.5);
    // positives 0.35 and 0.8 against negatives 0.1, 0.35: pairs won 1 + 0.5 + 1 + 1 of 4.
    assertThat(Auc.of(new float[] {0.1f, 0.35f, 0.35f, 0.8f}, new float[] {0, 0, 1, 1}, 4)).isEqualTo(0.875);
  }

  @Test
  void negativeScoresOrderCorrectly() {
    assertThat(Auc.of(new float[] {-3f, -1f, -2f, 0f, -0f}, new float[] {0, 1, 0, 1, 0}, 5)).isEqualTo(4.5 / 6);
  }

  @Test
  void oneClassOnlyHasNoAuc() {
    assertThat(Auc.of(new float[] {0.1f, 0.2f}, new float[] {1, 1}, 2)).isNaN();
  }
}
