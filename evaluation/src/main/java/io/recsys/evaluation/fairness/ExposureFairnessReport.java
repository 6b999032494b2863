package io.recsys.evaluation.fairness;

import java.util.List;

/**
 * All exposure-fairness scores of one set of top-k lists, in {@link ExposureFairness}'s fixed
 * order, with the sizes they were computed for.
 *
 * @param users m
 * @param listLength k
 * @param items n
 * @param scores one per measure
 */
public record ExposureFairnessReport(
    int users, int listLength, int items, List<FairnessScore> scores) {

  public ExposureFairnessReport {
    scores = List.copyOf(scores);
  }

  /** km. */
  public long slots() {
    return (long) users * listLength;
  }

  /**
   * The score of the measure called {@code measure} ("Jain", "QF", "Ent", "Gini", "Gini-w", "FSat",
   * "VoCD", "II-D", "AI-D").
   *
   * @throws IllegalArgumentException if no such measure is in this report
   */
  public FairnessScore score(String measure) {
    for (FairnessScore s : scores) {
      if (s.measure().equals(measure)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no measure named '" + measure + "' in this report; have "
        + scores.stream().map(FairnessScore::measure).toList());
  }
}
