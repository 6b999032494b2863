package io.recsys.candidate.retrieve;

import io.recsys.candidate.index.SearchFilter;
import io.recsys.candidate.model.CandidateModel;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.util.Set;

/**
 * One request as the sources see it: the model snapshot it started with (a hot swap mid-request does
 * not mix versions), the user, the request, and the rows no source may return (the user's seen items
 * and the request's excludes). Built once per request; read by the sources on the request thread.
 */
public record RetrievalContext(CandidateModel model, UserState user, RetrievalRequest request, IntSet excludedRows) {

  public static RetrievalContext of(CandidateModel model, UserState user, RetrievalRequest request) {
    IntOpenHashSet excluded = new IntOpenHashSet(user.seenRows().length + request.excludeItemIds().size());
    for (int r : user.seenRows()) excluded.add(r);
    for (String id : request.excludeItemIds()) {
      int r = model.catalog().row(id);
      if (r >= 0) excluded.add(r);
    }
    return new RetrievalContext(model, user, request, excluded);
  }

  public Set<String> categories() {
    return request.categories();
  }

  /** True when the row may be returned: not excluded, and in a wanted category when filters are set. */
  public boolean admits(int row) {
    return !excludedRows.contains(row) && (request.categories().isEmpty() || model.catalog().hasAny(row, request.categories()));
  }

  /** The index search filter for interest cluster {@code cluster} (-1 = any). */
  public SearchFilter filter(int cluster) {
    return new SearchFilter(cluster, request.categories(), excludedRows);
  }
}
