package io.recsys.gateway.cascade;

import java.util.List;

/**
 * The cascade's answer: the slate, the stages that did not contribute (in stage order; empty when all
 * did), the versions that served it, and the funnel that led to it: the candidate pool in retrieval
 * order (popular items when retrieval was degraded) and the whole pool in the order the rerank stage
 * received it (ranked, or candidate order when ranking was degraded).
 */
public record CascadeResult(List<ServedItem> items, List<String> degraded, String candidateModel, String rankerModel,
    String rerankPolicy, List<String> candidateIds, List<String> rankedIds) {
  public CascadeResult {
    items = List.copyOf(items);
    degraded = List.copyOf(degraded);
    candidateIds = List.copyOf(candidateIds);
    rankedIds = List.copyOf(rankedIds);
  }

  /** An empty answer (no candidates). */
  static CascadeResult empty(List<String> degraded, String candidateModel) {
    return new CascadeResult(List.of(), degraded, candidateModel, null, null, List.of(), List.of());
  }
}
