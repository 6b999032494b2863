package io.recsys.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MoeNetworkTest {
  private static final MoeArchitecture A = TinyExamples.TINY;

  @Test
  void scoreLogitsMatchTheReferenceForEveryCandidate() {
    RankingExamples ex = TinyExamples.random(A, 4, 5, 21);
    MoeParameters p = TinyExamples.parameters(A, 5, 0.3);
    ReferenceMoe ref = new ReferenceMoe(p);
    int l = A.sequenceLength(), e = A.embeddingDim(), d = A.denseDim();
    int[][] byQuery = ex.candidatesByQuery();
    for (int q = 0; q < ex.queries(); q++) {
      int[] cands = byQuery[q];
      float[] dense = new float[cands.length * d], target = new float[cands.length * e];
      for (int i = 0; i < cands.length; i++) {
        System.arraycopy(ex.dense(), cands[i] * d, dense, i * d, d);
        System.arraycopy(ex.target(), cands[i] * e, target, i * e, e);
      }
      float[] l1 = new float[cands.length], l2 = new float[cands.length];
      MoeNetwork.scoreLogits(p, Arrays.copyOfRange(ex.behaviours(), q * l * e, (q + 1) * l * e),
          Arrays.copyOfRange(ex.behaviourMask(), q * l, (q + 1) * l), dense, target, cands.length, l1, l2);
      for (int i = 0; i < cands.length; i++) {
        ReferenceMoe.Out want = ref.forward(ex, cands[i], null);
        assertThat((double) l1[i]).as("l1 of candidate %d", cands[i]).isCloseTo(want.l1(), within(1e-4));
        assertThat((double) l2[i]).as("l2 of candidate %d", cands[i]).isCloseTo(want.l2(), within(1e-4));
      }
    }
  }

  @Test
  void engageProbabilityNeverExceedsClickProbability() {
    MoeArchitecture a = new MoeArchitecture(5, 8, 6, 4, 3, 8, 4, 3);
    SplittableRandom rnd = new SplittableRandom(3);
    for (int round = 0; round < 50; round++) {
      // Large noise and extreme thresholds push the logits into saturation, where rounding could bite.
      MoeParameters p = TinyExamples.parameters(a, round, 1 + round % 5);
      p.thresholds[0] = (float) (rnd.nextGaussian() * 10);
      p.thresholds[1] = (float) (rnd.nextGaussian() * 4);
      int n = 40;
      float[] beh = gaussian(rnd, a.sequenceLength() * a.embeddingDim(), 3), mask = new float[a.sequenceLength()];
      for (int j = 0; j < mask.length; j++) mask[j] = rnd.nextDouble() < 0.7 ? 1f : 0f;
      float[] click = new float[n], engage = new float[n];
      MoeNetwork.score(p, beh, mask, gaussian(rnd, n * a.denseDim(), 3), gaussian(rnd, n * a.embeddingDim(), 3), n, click, engage);
      for (int c = 0; c < n; c++) {
        assertThat(engage[c]).as("round %d candidate %d", round, c).isLessThanOrEqualTo(click[c]);
        assertThat(click[c]).isBetween(0f, 1f);
        assertThat(engage[c]).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void userWithoutHistoryGetsFiniteScoresAndGradients() {
    MoeArchitecture a = MoeArchitecture.of(6, 8);
    MoeParameters p = MoeParameters.initial(a, 1, 0.2, 0.05);
    SplittableRandom rnd = new SplittableRandom(4);
    int n = 10;
    float[] click = new float[n], engage = new float[n], l1 = new float[n], l2 = new float[n];
    float[] dense = gaussian(rnd, n * 6, 1), target = gaussian(rnd, n * 8, 1);
    float[] beh = new float[a.sequenceLength() * 8], mask = new float[a.sequenceLength()];
    MoeNetwork.score(p, beh, mask, dense, target, n, click, engage);
    MoeNetwork.scoreLogits(p, beh, mask, dense, target, n, l1, l2);
    for (int c = 0; c < n; c++) {
      assertThat(click[c]).isStrictlyBetween(0f, 1f);
      assertThat(engage[c]).isStrictlyBetween(0f, 1f);
      assertThat(Float.isFinite(l1[c]) && Float.isFinite(l2[c])).isTrue();
    }
    RankingExamples ex = new RankingExamples(6, 8, a.sequenceLength(), new int[] {0}, new long[] {0}, beh, mask, new int[n],
        dense, target, new float[n], new float[n], filled(n, 1f));
    MoeParameters grad = MoeParameters.zerosLike(a);
    double loss = MoeNetwork.lossAndGradient(p, ex, TinyExamples.identity(n), 0, n,
        RankingLoss.DEFAULT.withContrastive(0.3, 0.2, 0.05), 1, grad);
    assertThat(loss).isFinite();
    grad.checkThresholds(); // throws on any non-finite gradient entry
  }

  @Test
  void batchGradientIsBitIdenticalForAnyThreadCount() {
    MoeArchitecture a = new MoeArchitecture(5, 8, 6, 4, 3, 8, 4, 3);
    RankingExamples ex = TinyExamples.random(a, 40, 9, 8); // 360 candidates: six slices, the last one partial
    MoeParameters p = TinyExamples.parameters(a, 2, 0.1);
    int[] order = TinyExamples.identity(ex.size());
    RankingLoss loss = RankingLoss.DEFAULT.withContrastive(0.3, 0.2, 0.05);
    MoeParameters one = MoeParameters.zerosLike(a), three = MoeParameters.zerosLike(a);
    double l1, l3;
    try (var b = new MoeNetwork.BatchGradient(a, 1)) {
      l1 = b.compute(p, ex, order, 5, 350, loss, 9, one);
    }
    try (var b = new MoeNetwork.BatchGradient(a, 3)) {
      l3 = b.compute(p, ex, order, 5, 350, loss, 9, three);
    }
    assertThat(l3).isEqualTo(l1);
    List<float[]> g1 = one.all(), g3 = three.all();
    for (int t = 0; t < g1.size(); t++) assertThat(g3.get(t)).containsExactly(g1.get(t));
    assertThat(one.expertW1).as("a non-trivial gradient").isNotEqualTo(new float[one.expertW1.length]);
  }

  @Test
  void examplesOfAnotherShapeAreRefusedNamingTheDimensions() {
    RankingExamples ex = TinyExamples.random(A, 2, 3, 1);
    MoeParameters p = MoeParameters.initial(A.withSequenceLength(5), 1, 0.2, 0.1);
    assertThatThrownBy(() -> MoeNetwork.lossAndGradient(p, ex, TinyExamples.identity(6), 0, 6, RankingLoss.DEFAULT, 1,
        MoeParameters.zerosLike(p.architecture()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L=");
  }

  static float[] gaussian(SplittableRandom rnd, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextGaussian() * std);
    return v;
  }

  static float[] filled(int n, float value) {
    float[] v = new float[n];
    Arrays.fill(v, value);
    return v;
  }
}
