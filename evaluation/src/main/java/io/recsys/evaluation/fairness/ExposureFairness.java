package io.recsys.evaluation.fairness;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every individual item exposure-fairness measure of Rampisela et al. (TORS 2024) on one set
 * of top-k lists, in a fixed order: Jain, QF, Ent, Gini, Gini-w, FSat, VoCD, II-D, AI-D (the
 * official {@code FairWORel} measures, then {@code IID_AID}). Immutable and thread-safe.
 */
public final class ExposureFairness {

  /**
   * @param gamma the patience of II-D and AI-D's rank-biased exposure, in (0, 1)
   */
  public record Config(double gamma) {
    public static final Config DEFAULTS = new Config(ExpectedExposureDeviation.DEFAULT_GAMMA);

    public Config {
      if (!(gamma > 0 && gamma < 1)) {
        throw new IllegalArgumentException("gamma must be in (0, 1), got " + gamma);
      }
    }
  }

  private final List<ExposureFairnessMeasure> measures;

  public ExposureFairness(Config config) {
    measures = List.of(
        new Jain(),
        new QualifiedFraction(),
        new ExposureEntropy(),
        new Gini(),
        new RankWeightedGini(),
        new MaximinShareSatisfaction(),
        new PairwiseRelativeCountDifference(),
        new ExpectedExposureDeviation(ExpectedExposureDeviation.Variant.INDIVIDUAL, config.gamma()),
        new ExpectedExposureDeviation(ExpectedExposureDeviation.Variant.AGGREGATE, config.gamma()));
  }

  /**
   * All scores of {@code lists} (one top-k list of item indexes per user) over a catalogue of
   * {@code items} items, with the default configuration.
   *
   * @throws IllegalArgumentException if the lists are invalid (see {@link TopKLists#of})
   */
  public static ExposureFairnessReport evaluate(int[][] lists, int items) {
    return new ExposureFairness(Config.DEFAULTS).evaluate(ExposureCounts.from(lists, items));
  }

  public ExposureFairnessReport evaluate(ExposureCounts exposure) {
    List<FairnessScore> scores = new ArrayList<>(measures.size());
    for (ExposureFairnessMeasure measure : measures) {
      scores.add(measure.score(exposure));
    }
    return new ExposureFairnessReport(
        exposure.users(), exposure.listLength(), exposure.items(), scores);
  }

  /** The measures in report order. */
  public List<ExposureFairnessMeasure> measures() {
    return measures;
  }
}
