package io.recsys.evaluation.fairness;

import java.util.List;
import java.util.OptionalDouble;

/**
 * II-D and AI-D, the deviation of each user-item exposure from an equal-exposure target, after
 * Diaz et al.'s expected exposure; lower is fairer. No correction exists (paper and code).
 *
 * <p>From {@code IID_AID.get_metrics}: e_ui = gamma^(rank - 1) for an item in u's top k and 0
 * otherwise (rank-biased patience gamma, default 0.8); the target is e~ = (1 - gamma^k) / ((1 -
 * gamma) n), the same total exposure spread equally over the catalogue. Over the m &times; n
 * user-item matrix:
 *
 * <ul>
 *   <li>II-D = mean over (u, i) of (e_ui - e~)^2;
 *   <li>AI-D = mean over i of (mean over u of e_ui - e~)^2.
 * </ul>
 *
 * The matrix is never materialised: the km recommended cells are visited through the lists and
 * each of the mn - km other cells adds e~^2. Note that with deterministic top-k lists II-D
 * depends only on m, k, n and gamma, not on which items were recommended (each user contributes
 * the same k exposures gamma^0..gamma^(k-1)); AI-D is the one that separates allocations.
 */
public final class ExpectedExposureDeviation implements ExposureFairnessMeasure {
  /** The official code's gamma. */
  public static final double DEFAULT_GAMMA = 0.8;

  /** Which of the two aggregates. */
  public enum Variant {
    /** II-D, individual-to-individual: mean over users and items. */
    INDIVIDUAL("II-D"),
    /** AI-D, all-users-to-individual: mean over items of the user-averaged deviation. */
    AGGREGATE("AI-D");

    private final String measureName;

    Variant(String measureName) {
      this.measureName = measureName;
    }

    public String measureName() {
      return measureName;
    }
  }

  private final Variant variant;
  private final double gamma;

  /**
   * @throws IllegalArgumentException if gamma is not strictly between 0 and 1 (at 1 the target's
   *     1 - gamma is zero; at 0 only rank 1 has exposure)
   */
  public ExpectedExposureDeviation(Variant variant, double gamma) {
    if (variant == null) {
      throw new IllegalArgumentException("variant must not be null");
    }
    if (!(gamma > 0 && gamma < 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1), got " + gamma);
    }
    this.variant = variant;
    this.gamma = gamma;
  }

  public Variant variant() {
    return variant;
  }

  public double gamma() {
    return gamma;
  }

  @Override
  public String name() {
    return variant.measureName();
  }

  @Override
  public FairnessDirection direction() {
    return FairnessDirection.LOWER_IS_FAIRER;
  }

  @Override
  public FairnessScore score(ExposureCounts exposure) {
    TopKLists lists = exposure.lists();
    int n = lists.items();
    int k = lists.listLength();
    int m = lists.users();
    double[] rankExposure = new double[k];
    for (int pos = 0; pos < k; pos++) {
      rankExposure[pos] = Math.pow(gamma, pos);
    }
    double target = (1 - Math.pow(gamma, k)) / (1 - gamma) / n;
    double value = variant == Variant.INDIVIDUAL
        ? individual(lists.rows(), rankExposure, target, m, n)
        : aggregate(lists.rows(), rankExposure, target, m, n, k);
    return FairnessScore.uncorrected(name(), direction(), OptionalDouble.of(value), List.of());
  }

  private static double individual(
      int[][] rows, double[] rankExposure, double target, int m, int n) {
    double squares = 0;
    // Every item has the same target, so a recommended cell's deviation depends on its rank only.
    for (int[] row : rows) {
      for (int pos = 0; pos < row.length; pos++) {
        double d = rankExposure[pos] - target;
        squares += d * d;
      }
    }
    double cells = (double) m * n;
    double unrecommended = cells - (double) m * rankExposure.length;
    return (squares + unrecommended * target * target) / cells;
  }

  private static double aggregate(
      int[][] rows, double[] rankExposure, double target, int m, int n, int k) {
    double[] itemExposure = new double[n];
    for (int[] row : rows) {
      for (int pos = 0; pos < k; pos++) {
        itemExposure[row[pos]] += rankExposure[pos];
      }
    }
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = itemExposure[i] / m - target;
      squares += d * d;
    }
    return squares / n;
  }
}
