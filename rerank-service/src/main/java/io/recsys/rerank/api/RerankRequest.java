package io.recsys.rerank.api;

import io.recsys.rerank.features.Similarity;
import io.recsys.rerank.policy.RerankConfig;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code POST /internal/rerank} body.
 *
 * @param userId the user
 * @param items the ranker's items, best first (duplicates removed, first kept)
 * @param slateSize how many items the slate holds
 * @param policy the default policy with this request's {@code params} applied
 * @param seed the sampler's seed (null: a fresh one per request)
 * @param excludeSeen whether items in the user's history are filtered out
 * @param pinned item id → slot (0-based)
 * @param boosted item id → quality multiplier
 * @param similarity what item similarity is computed from
 */
public record RerankRequest(String userId, List<Item> items, int slateSize, RerankConfig policy, Long seed, boolean excludeSeen,
    Map<String, Integer> pinned, Map<String, Double> boosted, Similarity similarity) {
  public RerankRequest {
    items = List.copyOf(items);
    pinned = Map.copyOf(pinned);
    boosted = Map.copyOf(boosted);
  }

  /**
   * One ranked item as the ranking service returned it.
   *
   * @param itemId the item
   * @param score the ranker's final score (NaN when not given)
   * @param click the ranker's calibrated P(click) (NaN when not given)
   */
  public record Item(String itemId, double score, double click) {}
}
