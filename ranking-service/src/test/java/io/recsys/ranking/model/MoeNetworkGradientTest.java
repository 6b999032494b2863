package io.recsys.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written backward pass against central finite differences of the independent double-precision
 * reference ({@link ReferenceMoe}), for every entry of all 18 tensors.
 */
class MoeNetworkGradientTest {
  private static final MoeArchitecture A = TinyExamples.TINY;
  private static final long MASK_SEED = 7;
  private static final double STEP = 1e-6;

  @Test
  void gradientsMatchFiniteDifferencesForEveryTensorWithOrdinalLossOnly() {
    checkGradients(RankingLoss.ordinalOnly());
  }

  @Test
  void gradientsMatchFiniteDifferencesForEveryTensorWithLoadBalance() {
    checkGradients(RankingLoss.ordinalOnly().withLoadBalance(0.5));
  }

  @Test
  void gradientsMatchFiniteDifferencesForEveryTensorWithContrastiveTerm() {
    checkGradients(RankingLoss.ordinalOnly().withContrastive(0.4, 0.2, 0.5));
  }

  @Test
  void batchLossEqualsTheReferenceLoss() {
    RankingExamples ex = TinyExamples.random(A, 4, 5, 11);
    MoeParameters p = TinyExamples.parameters(A, 3, 0.2);
    int[] all = TinyExamples.identity(ex.size());
    RankingLoss loss = RankingLoss.DEFAULT.withContrastive(0.3, 0.2, 0.1);
    double got = MoeNetwork.lossAndGradient(p, ex, all, 0, all.length, loss, MASK_SEED, MoeParameters.zerosLike(A));
    double want = new ReferenceMoe(p).loss(ex, all, 0, all.length, loss, MASK_SEED);
    assertThat(got).isCloseTo(want, org.assertj.core.data.Percentage.withPercentage(1e-3));
  }

  private static void checkGradients(RankingLoss loss) {
    RankingExamples ex = TinyExamples.random(A, 4, 5, 11);
    MoeParameters p = TinyExamples.parameters(A, 3, 0.2);
    int[] all = TinyExamples.identity(ex.size());
    MoeParameters grad = MoeParameters.zerosLike(A);
    MoeNetwork.lossAndGradient(p, ex, all, 0, all.length, loss, MASK_SEED, grad);
    ReferenceMoe ref = new ReferenceMoe(p);
    List<String> failures = new ArrayList<>();
    List<String> untested = new ArrayList<>();
    for (Map.Entry<String, double[]> e : ref.t.entrySet()) {
      double[] v = e.getValue();
      float[] analytic = grad.tensors().get(e.getKey());
      int significant = 0;
      for (int i = 0; i < v.length; i++) {
        double keep = v[i];
        v[i] = keep + STEP;
        double up = ref.loss(ex, all, 0, all.length, loss, MASK_SEED);
        v[i] = keep - STEP;
        double down = ref.loss(ex, all, 0, all.length, loss, MASK_SEED);
        v[i] = keep;
        double numeric = (up - down) / (2 * STEP);
        double got = analytic[i], scale = Math.max(Math.abs(numeric), Math.abs(got));
        if (scale > 1e-4) {
          significant++;
          if (Math.abs(got - numeric) / scale > 1e-3) failures.add(e.getKey() + "[" + i + "]: analytic " + got + " numeric " + numeric);
        } else if (Math.abs(got - numeric) > 1e-5) {
          failures.add(e.getKey() + "[" + i + "] (small): analytic " + got + " numeric " + numeric);
        }
      }
      if (significant == 0) untested.add(e.getKey());
    }
    assertThat(failures).as("entries whose gradient disagrees").isEmpty();
    assertThat(untested).as("tensors without one entry of |gradient| > 1e-4 (the check would not see them)").isEmpty();
    assertThat(ref.t).hasSize(18);
  }
}
