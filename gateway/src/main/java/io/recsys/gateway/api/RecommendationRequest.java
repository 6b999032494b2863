package io.recsys.gateway.api;

import java.util.List;

/**
 * {@code GET}/{@code POST /v1/recommendations}, as parsed and validated by {@link RecommendationRequestParser}.
 *
 * @param userId whose recommendations
 * @param count slate size
 * @param surface {@code context.surface} (e.g. {@code home}); picks the experiment; null = none given
 * @param categories {@code filters.categories}; empty = any
 * @param excludeItemIds never return these
 * @param explain return per-item provenance
 */
public record RecommendationRequest(String userId, int count, String surface, List<String> categories,
    List<String> excludeItemIds, boolean explain) {
  public RecommendationRequest {
    categories = List.copyOf(categories);
    excludeItemIds = List.copyOf(excludeItemIds);
  }
}
