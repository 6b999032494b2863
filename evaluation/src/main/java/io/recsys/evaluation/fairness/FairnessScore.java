package io.recsys.evaluation.fairness;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One measure's result on one set of top-k lists.
 *
 * <p>{@code original} is the measure as first published (absent only where it cannot be computed at
 * all, e.g. VoCD with fewer than two exposed items); {@code corrected} is the paper's corrected
 * version, present exactly when {@code correction == APPLIED}. Absence is never encoded as NaN, so
 * a report cannot silently carry an undefined number; {@link #originalOrNaN()} and {@link
 * #correctedOrNaN()} exist for tabular output where a NaN cell is the wanted rendering.
 *
 * <p>{@code notes} records every guard that fired (km &lt; n for FSat, 0&middot;log 0 in the
 * entropy, an undefined correction, ...), in plain words.
 */
public record FairnessScore(
    String measure,
    FairnessDirection direction,
    OptionalDouble original,
    OptionalDouble corrected,
    CorrectionStatus correction,
    List<String> notes) {

  public FairnessScore {
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(corrected, "corrected");
    Objects.requireNonNull(correction, "correction");
    notes = List.copyOf(notes);
    if (corrected.isPresent() != (correction == CorrectionStatus.APPLIED)) {
      throw new IllegalArgumentException(
          measure + ": corrected value " + corrected + " contradicts correction status "
              + correction);
    }
    if (original.isPresent() && Double.isNaN(original.getAsDouble())
        || corrected.isPresent() && Double.isNaN(corrected.getAsDouble())) {
      throw new IllegalArgumentException(
          measure + ": NaN must be reported as an absent value with a note, not as a number");
    }
  }

  /**
   * A score for a measure the paper corrects; an absent {@code corrected} means the correction is
   * undefined for this input, and {@code notes} should say why.
   */
  public static FairnessScore corrected(
      String measure,
      FairnessDirection direction,
      OptionalDouble original,
      OptionalDouble corrected,
      List<String> notes) {
    return new FairnessScore(measure, direction, original, corrected,
        corrected.isPresent() ? CorrectionStatus.APPLIED : CorrectionStatus.UNDEFINED_FOR_INPUT,
        notes);
  }

  /** A score for a measure the paper leaves uncorrected. */
  public static FairnessScore uncorrected(
      String measure, FairnessDirection direction, OptionalDouble original, List<String> notes) {
    return new FairnessScore(measure, direction, original, OptionalDouble.empty(),
        CorrectionStatus.NOT_DEFINED_BY_PAPER, notes);
  }

  /** The original value, or NaN when it is undefined for this input (see {@link #notes()}). */
  public double originalOrNaN() {
    return original.orElse(Double.NaN);
  }

  /** The corrected value, or NaN when there is none (see {@link #correction()}). */
  public double correctedOrNaN() {
    return corrected.orElse(Double.NaN);
  }
}
