package io.recsys.candidate.embed;

import java.util.Arrays;
import java.util.Objects;

/**
 * Online fold-in of a user vector from the user's history of item rows: the ALS user solve with the
 * item factors fixed ({@link ImplicitAls} uses the very same solve, so a training user's history
 * gives back exactly the model's user vector). The Gram matrix {@code YtY} of the items is computed
 * once here; a call then costs {@code O(n * d^2 + d^3)} for {@code n} distinct items and allocates
 * only the returned vector.
 *
 * <p>Repeated rows count once, as in training, where a sequence holds each item once. Rows are taken
 * in ascending order (training sums them in that order too), so the result does not depend on the
 * order of the history.
 *
 * <p>Thread-safe: scratch buffers are per thread ({@link ThreadLocal}), the rest is immutable.
 */
public final class UserFoldIn {
  private final ItemVectors items;
  private final double regularization;
  private final double alpha;
  private final double[] gram;
  private final ThreadLocal<Scratch> scratch;

  public UserFoldIn(ItemVectors items, double regularization, double alpha) {
    this.items = Objects.requireNonNull(items, "items");
    if (!(regularization > 0) || Double.isInfinite(regularization)) {
      throw new IllegalArgumentException("regularization must be a finite number > 0, was " + regularization);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be a finite number >= 0, was " + alpha);
    }
    this.regularization = regularization;
    this.alpha = alpha;
    this.gram = AlsRowSolver.gram(items.data(), items.count(), items.dim(), 1);
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(items.dim()));
  }

  /** With the settings the model was trained with. */
  public static UserFoldIn of(AlsModel model) {
    return new UserFoldIn(model.items(), model.config().regularization(), model.config().alpha());
  }

  public int dim() {
    return items.dim();
  }

  /**
   * The user vector for the items {@code itemRows[0..count)}; a zero vector when {@code count == 0}.
   *
   * @throws IllegalArgumentException when a row is outside the item table
   */
  public float[] userVector(int[] itemRows, int count) {
    if (count < 0 || count > itemRows.length) {
      throw new IllegalArgumentException("count " + count + " outside [0, " + itemRows.length + "]");
    }
    float[] out = new float[items.dim()];
    if (count == 0) return out;
    Scratch s = scratch.get();
    int[] rows = s.rows(count);
    System.arraycopy(itemRows, 0, rows, 0, count);
    Arrays.sort(rows, 0, count);
    int n = 0;
    for (int p = 0; p < count; p++) {
      int r = rows[p];
      if (r < 0 || r >= items.count()) {
        throw new IllegalArgumentException("item row " + r + " outside [0, " + items.count() + ")");
      }
      if (n == 0 || rows[n - 1] != r) rows[n++] = r;
    }
    s.solver.solve(items.data(), gram, regularization, alpha, rows, 0, n, out, 0);
    return out;
  }

  private static final class Scratch {
    final AlsRowSolver solver;
    int[] rows = new int[64];

    Scratch(int dim) {
      this.solver = new AlsRowSolver(dim);
    }

    int[] rows(int n) {
      if (rows.length < n) rows = new int[Math.max(n, rows.length * 2)];
      return rows;
    }
  }
}
