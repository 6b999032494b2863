package io.recsys.rerank.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The incremental-Cholesky greedy against determinants computed from scratch, on kernels small enough
 * to enumerate: {@code L = diag(w)·S'·diag(w)}, {@code S' = (1−δ)·cos + δ·I}, {@code w = exp(θ/(2(1−θ))·q̂)}.
 */
class DppGreedyTest {
  private static final int N = 6;
  private static final int S = 3;
  private static final int DIM = 4;
  private static final double THETA = 0.6;
  private static final RerankConfig DPP = RerankConfig.defaults().withExplore(false).withDiversity(Diversity.DPP)
      .withDppTheta(THETA).withMaxPerCategory(RerankConfig.NO_CATEGORY_CAP)
      .withNearDuplicateCosine(RerankConfig.NEAR_DUPLICATES_ALLOWED);

  private final SlateReranker reranker = new SlateReranker();

  @Test
  void greedyMatchesStepwiseArgmaxOfTheLogDeterminantOnRandomKernels() {
    for (long seed = 0; seed < 50; seed++) {
      Case c = randomCase(seed);
      int[] slate = reranker.rerank(c.in, S, DPP, 0).items();
      int[] chosen = new int[S];
      boolean[] taken = new boolean[N];
      for (int t = 0; t < S; t++) {
        int best = -1;
        double bestDet = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < N; i++) {
          if (taken[i]) continue;
          chosen[t] = i;
          double det = det(c.kernel, chosen, t + 1);
          if (det > bestDet) {
            bestDet = det;
            best = i;
          }
        }
        chosen[t] = best;
        taken[best] = true;
      }
      assertThat(slate).as("seed %d", seed).containsExactly(chosen);
    }
  }

  @Test
  void greedyFindsTheBruteForceMaximumLogDeterminantOnATinyCase() {
    Case c = randomCase(3);
    int[] slate = reranker.rerank(c.in, S, DPP, 0).items();
    double best = Double.NEGATIVE_INFINITY;
    int[] bestSet = null;
    for (int a = 0; a < N; a++) {
      for (int b = a + 1; b < N; b++) {
        for (int d = b + 1; d < N; d++) {
          double logDet = Math.log(det(c.kernel, new int[] {a, b, d}, 3));
          if (logDet > best) {
            best = logDet;
            bestSet = new int[] {a, b, d};
          }
        }
      }
    }
    assertThat(slate).containsExactlyInAnyOrder(bestSet);
    assertThat(Math.log(det(c.kernel, slate, 3))).isEqualTo(best);
  }

  private record Case(SlateInput in, double[][] kernel) {}

  private static Case randomCase(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    SlateInput in = new SlateInput(DIM);
    float[][] e = new float[N][DIM];
    double[] p = new double[N];
    for (int i = 0; i < N; i++) {
      for (int d = 0; d < DIM; d++) e[i][d] = (float) rng.nextGaussian();
      if (i == 1) e[1] = e[0].clone(); // a duplicate pair in every case
      p[i] = 0.1 + 0.8 * rng.nextDouble();
      in.add("i" + i, 0, p[i], -1, e[i], 0, 0, 1);
    }
    double maxP = 0;
    for (double x : p) maxP = Math.max(maxP, x);
    double[] w = new double[N];
    for (int i = 0; i < N; i++) w[i] = Math.exp(THETA / (2 * (1 - THETA)) * p[i] / maxP);
    double[][] kernel = new double[N][N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        double sim = i == j ? 1 : (1 - SlateReranker.DPP_JITTER) * cosine(e[i], e[j]);
        kernel[i][j] = w[i] * sim * w[j];
      }
    }
    return new Case(in, kernel);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int d = 0; d < a.length; d++) {
      dot += (double) a[d] * b[d];
      na += (double) a[d] * a[d];
      nb += (double) b[d] * b[d];
    }
    return dot / Math.sqrt(na * nb);
  }

  /** det of the k×k principal submatrix on rows/columns idx[0..k), by Gaussian elimination. */
  private static double det(double[][] kernel, int[] idx, int k) {
    double[][] m = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) m[r][c] = kernel[idx[r]][idx[c]];
    }
    double det = 1;
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
      }
      if (pivot != col) {
        double[] t = m[pivot];
        m[pivot] = m[col];
        m[col] = t;
        det = -det;
      }
      det *= m[col][col];
      if (m[col][col] == 0) return 0;
      for (int r = col + 1; r < k; r++) {
        double f = m[r][col] / m[col][col];
        for (int c = col; c < k; c++) m[r][c] -= f * m[col][c];
      }
    }
    return det;
  }
}
