package io.recsys.evaluation.fairness;

/** Which end of a measure's scale means "fairer" (the official code's {@code smaller} flag). */
public enum FairnessDirection {
  HIGHER_IS_FAIRER,
  LOWER_IS_FAIRER
}
