package io.recsys.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
  private static final MoeArchitecture A = TinyExamples.TINY;

  @Test
  void firstStepMovesEveryParameterByTheLearningRateAgainstItsGradientSign() {
    MoeParameters p = TinyExamples.parameters(A, 1, 0.1), before = p.copy(), g = MoeParameters.zerosLike(A);
    List<float[]> gs = g.all();
    for (int t = 0; t < gs.size(); t++) for (int i = 0; i < gs.get(t).length; i++) gs.get(t)[i] = (i % 2 == 0 ? 1 : -1) * (t + 1) * 0.01f;
    new Adam(A, 0.01, 0).step(p, g);
    List<float[]> ps = p.all(), bs = before.all();
    for (int t = 0; t < ps.size(); t++) {
      for (int i = 0; i < ps.get(t).length; i++) {
        assertThat((double) (ps.get(t)[i] - bs.get(t)[i])).isCloseTo(i % 2 == 0 ? -0.01 : 0.01, within(1e-5));
      }
    }
  }

  @Test
  void weightDecayShrinksWeightsButLeavesThresholds() {
    MoeParameters p = TinyExamples.parameters(A, 1, 0.1), before = p.copy(), zero = MoeParameters.zerosLike(A);
    Adam adam = new Adam(A, 0.01, 0.1);
    for (int s = 0; s < 5; s++) adam.step(p, zero);
    assertThat(p.thresholds).containsExactly(before.thresholds);
    for (int i = 0; i < p.expertW1.length; i++) {
      assertThat(Math.abs(p.expertW1[i])).isLessThan(Math.abs(before.expertW1[i]));
    }
  }

  @Test
  void minimisesTheNetworkLossOnAFixedBatch() {
    RankingExamples ex = TinyExamples.random(A, 4, 5, 3);
    MoeParameters p = TinyExamples.parameters(A, 4, 0.1), g = MoeParameters.zerosLike(A);
    int[] all = TinyExamples.identity(ex.size());
    Adam adam = new Adam(A, 0.01, 0);
    double first = MoeNetwork.predictionLoss(p, ex, all, 0, all.length, null, null);
    for (int s = 0; s < 300; s++) {
      for (float[] t : g.all()) java.util.Arrays.fill(t, 0f);
      MoeNetwork.lossAndGradient(p, ex, all, 0, all.length, RankingLoss.ordinalOnly(), 1, g);
      adam.step(p, g);
    }
    assertThat(MoeNetwork.predictionLoss(p, ex, all, 0, all.length, null, null)).isLessThan(first * 0.5);
  }
}
