package io.recsys.ranking.api;

import java.util.List;
import java.util.Map;

/**
 * The {@code POST /internal/rank} answer: items best first with their calibrated per-task
 * probabilities, the model version that scored them, the candidate ids the model does not know
 * (dropped, listed so the caller can tell), and the stages that ran degraded ({@code feature-store}
 * when user features could not be read and the request was scored without them).
 */
public record RankResponse(List<Item> items, String modelVersion, List<String> unknownItemIds, List<String> degraded) {
  /** One ranked item: final score, and P(click), P(engage) calibrated. */
  public record Item(String itemId, double score, Map<String, Double> tasks) {}
}
