package io.recsys.gateway.cascade;

import io.recsys.gateway.cascade.StageMessages.Candidate;
import io.recsys.gateway.cascade.StageMessages.Ranked;
import java.util.ArrayList;
import java.util.List;

/**
 * The cascade's answer: the slate, the stages that did not contribute (in stage order; empty when all
 * did), the versions that served it, and the funnel that led to it: the candidate pool in retrieval
 * order (popular items when retrieval was degraded) and the whole pool in the order the rerank stage
 * received it (ranked, or candidate order when ranking was degraded). The funnel's ids are derived
 * only when asked ({@code explain=true}), not on every request.
 */
public record CascadeResult(List<ServedItem> items, List<String> degraded, String candidateModel, String rankerModel,
    String rerankPolicy, List<Candidate> pool, List<Ranked> ranked) {
  public CascadeResult {
    items = List.copyOf(items);
    degraded = List.copyOf(degraded);
    pool = List.copyOf(pool);
    ranked = List.copyOf(ranked);
  }

  /** An empty answer (no candidates). */
  static CascadeResult empty(List<String> degraded, String candidateModel) {
    return new CascadeResult(List.of(), degraded, candidateModel, null, null, List.of(), List.of());
  }

  /** The candidate pool's item ids, in retrieval order. */
  public List<String> candidateIds() {
    List<String> ids = new ArrayList<>(pool.size());
    for (Candidate c : pool) ids.add(c.itemId());
    return ids;
  }

  /** The pool's item ids in the order the rerank stage received them. */
  public List<String> rankedIds() {
    List<String> ids = new ArrayList<>(ranked.size());
    for (Ranked r : ranked) ids.add(r.itemId());
    return ids;
  }
}
