package io.recsys.candidate.embed;

/**
 * The one least-squares solve implicit ALS makes per row, shared by training ({@link ImplicitAls}) and
 * serving ({@link UserFoldIn}) so that both give the same vector for the same history:
 *
 * <pre>
 *   x = (YtY + alpha * sum_{i in S} y_i y_i^T + lambda I)^-1 * (1 + alpha) * sum_{i in S} y_i
 * </pre>
 *
 * (Hu, Koren, Volinsky 2008 with confidence {@code c = 1 + alpha} on observed pairs and preference 1;
 * {@code YtY} is the Gram matrix of all rows of the other side, computed once per half-iteration).
 *
 * <p>The d x d system is solved by a hand-written Cholesky factorisation: the build has no dense
 * linear-algebra library, d is small (tens), and a library call per row would cost more in copying
 * than the O(d^3 / 6) factorisation itself. Accumulation is in double; the matrix is symmetric
 * positive definite whenever {@code lambda > 0}, and a non-positive pivot fails loudly.
 *
 * <p>Holds scratch buffers: not thread-safe, one instance per thread.
 */
final class AlsRowSolver {
  /** Rows per block of {@link #gram}: fixed, so the summation order never depends on the thread count. */
  static final int GRAM_BLOCK = 2048;

  private final int dim;
  private final double[] a;
  private final double[] b;
  private final double[] y;

  AlsRowSolver(int dim) {
    this.dim = dim;
    this.a = new double[dim * dim];
    this.b = new double[dim];
    this.y = new double[dim];
  }

  /**
   * Solves for the row whose observed other-side rows are {@code rows[from..to)} (in the order given:
   * callers pass ascending rows so that training and serving sum in the same order) and writes the
   * result as floats to {@code out[outOffset .. outOffset + dim)}. An empty range writes zeros.
   */
  void solve(float[] factors, double[] gram, double lambda, double alpha, int[] rows, int from, int to,
      float[] out, int outOffset) {
    int d = dim;
    if (from == to) {
      for (int j = 0; j < d; j++) out[outOffset + j] = 0f;
      return;
    }
    System.arraycopy(gram, 0, a, 0, d * d);
    for (int j = 0; j < d; j++) {
      a[j * d + j] += lambda;
      b[j] = 0;
    }
    double confidence = 1 + alpha;
    for (int p = from; p < to; p++) {
      int off = rows[p] * d;
      for (int j = 0; j < d; j++) y[j] = factors[off + j];
      // Lower triangle only: the factorisation reads nothing else.
      for (int i = 0; i < d; i++) {
        double ayi = alpha * y[i];
        int ir = i * d;
        for (int k = 0; k <= i; k++) a[ir + k] += ayi * y[k];
        b[i] += confidence * y[i];
      }
    }
    choleskySolve(a, b, d);
    for (int j = 0; j < d; j++) out[outOffset + j] = (float) b[j];
  }

  /**
   * Factors the symmetric positive definite {@code a} (row-major d x d; only the lower triangle is
   * read, and it is overwritten by L with {@code a = L L^T}), then solves {@code a x = b} in place.
   */
  static void choleskySolve(double[] a, double[] b, int d) {
    for (int j = 0; j < d; j++) {
      int jr = j * d;
      double s = a[jr + j];
      for (int k = 0; k < j; k++) s -= a[jr + k] * a[jr + k];
      if (!(s > 0)) {
        throw new IllegalStateException("ALS normal equations are not positive definite (pivot " + j + " = " + s
            + "); regularization must be > 0 and factors finite");
      }
      double ljj = Math.sqrt(s);
      a[jr + j] = ljj;
      double inv = 1 / ljj;
      for (int i = j + 1; i < d; i++) {
        int ir = i * d;
        double t = a[ir + j];
        for (int k = 0; k < j; k++) t -= a[ir + k] * a[jr + k];
        a[ir + j] = t * inv;
      }
    }
    for (int i = 0; i < d; i++) { // L z = b
      int ir = i * d;
      double t = b[i];
      for (int k = 0; k < i; k++) t -= a[ir + k] * b[k];
      b[i] = t / a[ir + i];
    }
    for (int i = d - 1; i >= 0; i--) { // L^T x = z
      double t = b[i];
      for (int k = i + 1; k < d; k++) t -= a[k * d + i] * b[k];
      b[i] = t / a[i * d + i];
    }
  }

  /**
   * The lower triangle of {@code sum_r y_r y_r^T} over the {@code rows} rows of {@code factors}
   * (row-major, {@code dim} wide), in double. Rows are summed in fixed blocks of {@link #GRAM_BLOCK}
   * (blocks in parallel), then the block sums in block order: the result is the same for any thread
   * count.
   */
  static double[] gram(float[] factors, int rows, int dim, int threads) {
    int blocks = (rows + GRAM_BLOCK - 1) / GRAM_BLOCK;
    double[][] partial = new double[blocks][];
    ParallelRows.run("als-gram", blocks, 1, threads, () -> {
      double[] y = new double[dim];
      return (fromBlock, toBlock) -> {
        for (int blk = fromBlock; blk < toBlock; blk++) {
          double[] g = new double[dim * dim];
          int end = Math.min(rows, (blk + 1) * GRAM_BLOCK);
          for (int r = blk * GRAM_BLOCK; r < end; r++) {
            int off = r * dim;
            for (int j = 0; j < dim; j++) y[j] = factors[off + j];
            for (int i = 0; i < dim; i++) {
              double yi = y[i];
              if (yi == 0) continue;
              int ir = i * dim;
              for (int k = 0; k <= i; k++) g[ir + k] += yi * y[k];
            }
          }
          partial[blk] = g;
        }
      };
    });
    double[] out = new double[dim * dim];
    for (double[] g : partial) {
      for (int j = 0; j < out.length; j++) out[j] += g[j];
    }
    return out;
  }
}
