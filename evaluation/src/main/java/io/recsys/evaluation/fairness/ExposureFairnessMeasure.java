package io.recsys.evaluation.fairness;

/**
 * One exposure-based individual item fairness measure. Implementations are stateless apart from
 * their immutable parameters, hence thread-safe.
 */
public interface ExposureFairnessMeasure {

  /** Short name as the paper writes it ("Jain", "QF", "Gini-w", ...). */
  String name();

  FairnessDirection direction();

  FairnessScore score(ExposureCounts exposure);
}
