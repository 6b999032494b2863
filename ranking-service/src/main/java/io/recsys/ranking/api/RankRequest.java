package io.recsys.ranking.api;

import java.util.List;
import java.util.Map;

/**
 * A parsed {@code POST /internal/rank} body.
 *
 * @param userId the user
 * @param candidates the candidates in the candidate stage's order (duplicates removed, first kept)
 * @param model the model asked for: null for the current one, else a version name (from {@code name@version})
 */
public record RankRequest(String userId, List<Candidate> candidates, String model) {
  public RankRequest {
    candidates = List.copyOf(candidates);
  }

  /**
   * One candidate as the candidate stage returned it.
   *
   * @param itemId the item
   * @param score the fused retrieval score (NaN when not given)
   * @param sources provenance tags ({@code knn-embed:cluster-3}, {@code pi2i:trigger-17}, {@code popular})
   * @param sourceScores each source's own score, by source name
   */
  public record Candidate(String itemId, double score, List<String> sources, Map<String, Double> sourceScores) {
    public Candidate {
      sources = List.copyOf(sources);
      sourceScores = Map.copyOf(sourceScores);
    }
  }
}
