package io.recsys.candidate.retrieve;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.pi2i.Pi2iResult;
import io.recsys.candidate.pi2i.UserContext;

/**
 * PI2I (METHODS.md §2): triggers are the user's newest history items; the targets in their relaxed
 * i2i lists are re-scored for this user by the personalised pair scorer. With category filters the
 * source over-fetches and keeps the admitted targets. Stateless; thread-safe.
 */
public final class Pi2iSource implements CandidateSource {
  /** Over-fetch factor when a category filter will drop part of the list. */
  static final int FILTER_OVERFETCH = 4;

  @Override
  public String name() {
    return "pi2i";
  }

  @Override
  public String tag(int detail, RetrievalContext context) {
    return "pi2i:trigger-" + context.model().catalog().id(detail);
  }

  @Override
  public SourceResult fetch(RetrievalContext context, int k) {
    SourceResult out = new SourceResult(name(), k);
    UserState user = context.user();
    if (user.isCold()) return out;
    CandidateModel model = context.model();
    UserContext ctx = UserContext.of(user.rows(), user.times(), user.historySize(), user.nowMillis(), model.vectors(),
        model.clusterOfRow(), model.clusterCount());
    boolean filtered = !context.categories().isEmpty();
    int want = filtered ? k * FILTER_OVERFETCH : k;
    Pi2iResult result = new Pi2iResult(want);
    model.pi2i().retrieve(ctx, want, context.excludedRows(), result);
    for (int i = 0; i < result.size() && out.size() < k; i++) {
      int row = result.target(i);
      if (filtered && !context.admits(row)) continue;
      out.add(row, result.score(i), result.trigger(i));
    }
    return out;
  }
}
