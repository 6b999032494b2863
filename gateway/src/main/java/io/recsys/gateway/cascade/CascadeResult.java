package io.recsys.gateway.cascade;

import java.util.List;

/**
 * The cascade's answer: the slate, the stages that did not contribute (in stage order; empty when all
 * did) and the versions that served it.
 */
public record CascadeResult(List<ServedItem> items, List<String> degraded, String candidateModel, String rankerModel,
    String rerankPolicy) {
  public CascadeResult {
    items = List.copyOf(items);
    degraded = List.copyOf(degraded);
  }
}
