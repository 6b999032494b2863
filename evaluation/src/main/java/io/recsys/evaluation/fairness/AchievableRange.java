package io.recsys.evaluation.fairness;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The achievable [min, max] of a measure for fixed m, k and n, and the paper's correction: the
 * min-max rescaling (value - min) / (max - min), so that the unfairest and fairest achievable
 * allocations map to the two ends of [0, 1].
 *
 * <p>Results within {@link #ROUNDING_TOLERANCE} of 0 or 1 are snapped onto them. The official
 * code does the same to absorb floating-point noise ({@code round(x, 15)}, then {@code approx(x)
 * == 0} or {@code == 1} in {@code get_jain}, {@code get_entropy}, {@code get_gini}); the tolerance
 * is far below any difference worth reporting. Values genuinely outside [0, 1] are left alone.
 */
record AchievableRange(double min, double max) {

  static final double ROUNDING_TOLERANCE = 1e-9;

  /** Rescales {@code value}; empty when the range is a single point (zero denominator). */
  OptionalDouble rescale(double value) {
    double width = max - min;
    if (!(width > 0)) {
      return OptionalDouble.empty();
    }
    double x = (value - min) / width;
    if (Math.abs(x) <= ROUNDING_TOLERANCE) {
      return OptionalDouble.of(0.0);
    }
    if (Math.abs(x - 1.0) <= ROUNDING_TOLERANCE) {
      return OptionalDouble.of(1.0);
    }
    return OptionalDouble.of(x);
  }

  /**
   * The correction of a count-based measure (Jain, QF, Ent, Gini): empty, with a note saying why,
   * when every allocation of these lists has the same counts or the range is otherwise a point.
   */
  OptionalDouble rescaleUnlessForced(ExposureCounts exposure, double value, List<String> notes) {
    Optional<String> forced = countProfileForced(exposure);
    if (forced.isPresent()) {
      notes.add(forced.get());
      return OptionalDouble.empty();
    }
    return rescaleOrNote(value, notes);
  }

  /** {@link #rescale}, adding a note when the range is a single point. */
  OptionalDouble rescaleOrNote(double value, List<String> notes) {
    OptionalDouble corrected = rescale(value);
    if (corrected.isEmpty()) {
      notes.add("achievable min " + min + " is not below max " + max
          + ": the corrected value is undefined (denominator 0)");
    }
    return corrected;
  }

  /**
   * Why every allocation of these lists has the same exposure counts, if it does: with one user
   * the k exposed items are forced, and with n = k every list holds the whole catalogue. The
   * count-based corrections (Jain, QF, Ent, Gini) then divide by zero.
   */
  static Optional<String> countProfileForced(ExposureCounts exposure) {
    int n = exposure.items();
    int k = exposure.listLength();
    if (n == k) {
      return Optional.of("n = k = " + n + ": every list holds the whole catalogue, so every"
          + " allocation has the same exposure counts; the corrected value is undefined"
          + " (achievable min = max, denominator 0)");
    }
    if (exposure.users() == 1) {
      return Optional.of("m = 1: a single list fixes the exposure counts, so the corrected value is"
          + " undefined (achievable min = max, denominator 0)");
    }
    return Optional.empty();
  }
}
