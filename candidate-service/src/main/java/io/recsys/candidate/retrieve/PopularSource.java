package io.recsys.candidate.retrieve;

import io.recsys.candidate.model.CandidateModel;
import java.util.function.Function;

/**
 * Popular / trending items for cold users and as filler: the rows of a popularity order (the live
 * trending order when the service keeps one, else the model's recency-decayed training popularity),
 * skipping excluded and filtered-out rows and stopping at items nobody engaged with. Stateless; thread-safe.
 */
public final class PopularSource implements CandidateSource {
  private final Function<CandidateModel, int[]> order;
  private final Function<CandidateModel, float[]> scores;

  /** Serves the model's training popularity. */
  public PopularSource() {
    this(m -> m.popularity().order(), m -> null);
  }

  /**
   * @param order rows best first for a model (e.g. a live trending order kept by the service)
   * @param scores score per row for that order, or null to report the model's popularity
   */
  public PopularSource(Function<CandidateModel, int[]> order, Function<CandidateModel, float[]> scores) {
    this.order = order;
    this.scores = scores;
  }

  @Override
  public String name() {
    return "popular";
  }

  @Override
  public String tag(int detail, RetrievalContext context) {
    return "popular";
  }

  @Override
  public SourceResult fetch(RetrievalContext context, int k) {
    CandidateModel model = context.model();
    int[] rows = order.apply(model);
    float[] s = scores.apply(model);
    SourceResult out = new SourceResult(name(), k);
    for (int i = 0; i < rows.length && out.size() < k; i++) {
      int row = rows[i];
      if (!context.admits(row)) continue;
      float score = s == null ? model.popularity().score(row) : s[row];
      if (score <= 0) break; // the order is by score: the rest were never engaged
      out.add(row, score, -1);
    }
    return out;
  }
}
