package io.recsys.gateway.cascade;

import java.util.List;

/**
 * One recommendation request as the cascade runs it (validated by the API layer).
 *
 * @param requestId echoed in the response and the exposure log
 * @param userId whose slate
 * @param count slate size
 * @param categories only items of these categories; empty = any
 * @param excludeItemIds never return these
 * @param overrides the A/B variant's changes ({@link StageOverrides#NONE} without one)
 * @param variantTag {@code <experiment>/<variant>} or {@code none}, for metrics
 */
public record CascadeRequest(String requestId, String userId, int count, List<String> categories, List<String> excludeItemIds,
    StageOverrides overrides, String variantTag) {
  public CascadeRequest {
    categories = List.copyOf(categories);
    excludeItemIds = List.copyOf(excludeItemIds);
    if (count < 1) throw new IllegalArgumentException("count must be >= 1: " + count);
  }
}
