package io.recsys.rerank.api;

import java.util.List;

/**
 * The {@code POST /internal/rerank} answer: the slate in slot order, each item with the ranker's score
 * and the probability that the sampler shows it at that slot (send it back with the impression event:
 * the ranker learns from it without exposure bias); the policy that chose it ({@code ts+mmr}, …), the
 * seed (so a slate can be reproduced), and the stages that ran degraded ({@code feature-store}).
 */
public record RerankResponse(List<Item> items, String policy, long seed, List<String> degraded) {
  /** One slate item; {@code propensity} is null when propensities were not computed. */
  public record Item(String itemId, double score, Double propensity) {}
}
