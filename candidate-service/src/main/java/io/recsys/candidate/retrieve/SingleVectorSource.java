package io.recsys.candidate.retrieve;

import io.recsys.candidate.index.ItemIndex;
import io.recsys.candidate.index.Neighbours;
import io.recsys.candidate.model.CandidateModel;

/**
 * The baseline kNN-Embed is measured against: one ANN query with the user's fold-in vector for all of
 * K. A cold user has no vector and gets nothing from it. Stateless; thread-safe.
 */
public final class SingleVectorSource implements CandidateSource {
  @Override
  public String name() {
    return "single-vector";
  }

  @Override
  public String tag(int detail, RetrievalContext context) {
    return "single-vector";
  }

  @Override
  public SourceResult fetch(RetrievalContext context, int k) {
    SourceResult out = new SourceResult(name(), k);
    UserState user = context.user();
    if (user.isCold()) return out;
    CandidateModel model = context.model();
    float[] q = KnnEmbedSource.normalise(model.foldIn().userVector(user.rows(), user.historySize()));
    ItemIndex index = context.categories().isEmpty() ? model.mainIndex() : model.filteredIndex();
    Neighbours found = new Neighbours(k);
    index.search(q, k, context.filter(-1), found);
    for (int i = 0; i < found.size(); i++) if (found.score(i) > 0) out.add(found.row(i), found.score(i), -1);
    return out;
  }
}
