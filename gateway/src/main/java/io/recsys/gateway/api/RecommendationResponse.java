package io.recsys.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The {@code /v1/recommendations} answer (DESIGN.md contract).
 *
 * @param requestId send it back with the events of this slate ({@code requestId} of {@code /v1/events})
 * @param userId whose slate
 * @param variant the A/B variant that served it; null when no experiment covers the request
 * @param items best first
 * @param degraded the stages that did not contribute (empty when all did)
 * @param funnel only with {@code explain=true}: what each stage passed on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecommendationResponse(String requestId, String userId, Variant variant, List<Item> items, List<String> degraded,
    Funnel funnel) {
  public record Variant(String experiment, String name) {}

  /**
   * The slate's funnel, for offline analysis (e.g. recall after each stage in {@code ./recsys eval --serve}).
   *
   * @param candidates the candidate pool, in retrieval order (the popular items when retrieval was degraded)
   * @param ranked the pool in ranked order (candidate order when ranking was degraded), as the re-ranker received it
   */
  public record Funnel(List<String> candidates, List<String> ranked) {}

  /**
   * @param propensity probability that the re-ranker shows this item at this slot: send it back with
   *     the impression event (absent when the slate was not re-ranked)
   * @param explain provenance, only when asked for with {@code explain=true}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(String itemId, double score, int rank, Double propensity, Explain explain) {}

  /**
   * @param sources retrieval provenance ({@code knn-embed:cluster-7}, {@code pi2i:trigger-172}, {@code popular})
   * @param retrievalScore the candidate service's fused score
   * @param rankScores the ranker's calibrated per-task probabilities (empty when ranking was degraded)
   * @param rerank the re-rank policy ({@code ts+mmr}, …), absent when re-ranking was degraded
   * @param models the versions that served the slate
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Explain(List<String> sources, double retrievalScore, Map<String, Double> rankScores, String rerank,
      Map<String, String> models) {}
}
