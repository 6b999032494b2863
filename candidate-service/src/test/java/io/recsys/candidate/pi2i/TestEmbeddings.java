package io.recsys.candidate.pi2i;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.evaluation.split.UserSequences;
import java.util.SplittableRandom;

/**
 * Stand-ins for the artefacts other stages produce, for tests only: item vectors from a truncated SVD
 * of the binary user x item training matrix (randomised subspace iteration, PureSVD-style) and
 * interest clusters by seeded spherical k-means over them. Deterministic for a seed.
 */
final class TestEmbeddings {
  private TestEmbeddings() {}

  /** Rank-{@code dim} item factors V * sqrt(S) of the training matrix. */
  static ItemVectors svd(UserSequences train, int dim, long seed) {
    int users = train.userCount();
    int items = train.itemCount();
    SplittableRandom random = new SplittableRandom(seed);
    int k = dim + 8;
    double[][] q = new double[items][k]; // item-side basis
    for (double[] row : q) for (int c = 0; c < k; c++) row[c] = random.nextGaussian();
    for (int iter = 0; iter < 4; iter++) {
      double[][] a = new double[users][k]; // A Q
      for (int u = 0; u < users; u++) {
        for (int p = 0; p < train.length(u); p++) {
          double[] r = q[train.item(u, p)];
          for (int c = 0; c < k; c++) a[u][c] += r[c];
        }
      }
      orthonormalise(a);
      double[][] next = new double[items][k]; // A^T (A Q)
      for (int u = 0; u < users; u++) {
        for (int p = 0; p < train.length(u); p++) {
          double[] r = next[train.item(u, p)];
          for (int c = 0; c < k; c++) r[c] += a[u][c];
        }
      }
      q = next;
      if (iter < 3) orthonormalise(q);
    }
    // q = A^T A Q' : its column norms carry the squared singular values; keep the first dim columns
    // (Gram-Schmidt keeps the dominant directions first) scaled by sqrt of their norm.
    float[] data = new float[items * dim];
    double[] norm = new double[k];
    for (double[] row : q) for (int c = 0; c < k; c++) norm[c] += row[c] * row[c];
    for (int i = 0; i < items; i++) {
      for (int c = 0; c < dim; c++) {
        double n = Math.sqrt(norm[c]);
        data[i * dim + c] = (float) (n > 0 ? q[i][c] / n * Math.pow(n, 0.25) : 0);
      }
    }
    String[] ids = new String[items];
    for (int i = 0; i < items; i++) ids[i] = Integer.toString(i);
    return new ItemVectors(ids, dim, data);
  }

  private static void orthonormalise(double[][] m) {
    int k = m[0].length;
    for (int c = 0; c < k; c++) {
      for (int prev = 0; prev < c; prev++) {
        double dot = 0;
        for (double[] row : m) dot += row[c] * row[prev];
        for (double[] row : m) row[c] -= dot * row[prev];
      }
      double n = 0;
      for (double[] row : m) n += row[c] * row[c];
      n = Math.sqrt(n);
      if (n > 0) for (double[] row : m) row[c] /= n;
    }
  }

  /** Spherical k-means over the (normalised) rows; returns the cluster of each row. */
  static int[] clusters(ItemVectors normalised, int clusters, long seed) {
    int n = normalised.count();
    int dim = normalised.dim();
    float[] x = normalised.data();
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centroids = new double[clusters][dim];
    for (int c = 0; c < clusters; c++) {
      int row = random.nextInt(n);
      for (int d = 0; d < dim; d++) centroids[c][d] = x[row * dim + d];
    }
    int[] assignment = new int[n];
    for (int iter = 0; iter < 20; iter++) {
      for (int i = 0; i < n; i++) {
        int best = 0;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < clusters; c++) {
          double dot = 0;
          for (int d = 0; d < dim; d++) dot += centroids[c][d] * x[i * dim + d];
          if (dot > bestDot) {
            bestDot = dot;
            best = c;
          }
        }
        assignment[i] = best;
      }
      for (double[] c : centroids) java.util.Arrays.fill(c, 0);
      for (int i = 0; i < n; i++) for (int d = 0; d < dim; d++) centroids[assignment[i]][d] += x[i * dim + d];
      for (int c = 0; c < clusters; c++) {
        double norm = 0;
        for (double v : centroids[c]) norm += v * v;
        if (norm == 0) { // empty cluster: restart at a random row
          int row = random.nextInt(n);
          for (int d = 0; d < dim; d++) centroids[c][d] = x[row * dim + d];
        } else {
          norm = Math.sqrt(norm);
          for (int d = 0; d < dim; d++) centroids[c][d] /= norm;
        }
      }
    }
    return assignment;
  }
}
