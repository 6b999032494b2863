package io.recsys.evaluation.fairness;

/**
 * Whether a {@link FairnessScore} carries a corrected value, and if not, why not. The two "absent"
 * cases are kept apart because they mean different things to a reader: one is a property of the
 * measure, the other of the data it was given.
 */
public enum CorrectionStatus {
  /** The paper's correction was computed; {@link FairnessScore#corrected()} is present. */
  APPLIED,
  /**
   * The paper defines a correction, but for these m, k and n its denominator is zero (every
   * allocation scores the same, e.g. m = 1 or n = k); a note on the score says which.
   */
  UNDEFINED_FOR_INPUT,
  /** The paper (and its code) define no correction for this measure (VoCD, II-D, AI-D). */
  NOT_DEFINED_BY_PAPER
}
