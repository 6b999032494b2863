package io.recsys.candidate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The {@code /internal/candidates} answer (DESIGN.md contract, plus provenance details).
 *
 * @param candidates best first
 * @param modelVersion the candidate bundle version that served the request
 * @param reason why the list is empty or shorter than asked, when it is
 * @param degraded parts that failed open (e.g. {@code feature-store}: the user was served cold)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CandidatesResponse(List<Item> candidates, String modelVersion, String reason, List<String> degraded) {

  /**
   * @param score fused retrieval score (higher first)
   * @param sources provenance tags such as {@code knn-embed:cluster-7}, {@code pi2i:trigger-172}, {@code popular}
   * @param sourceScores each source's own score
   */
  public record Item(String itemId, double score, List<String> sources, Map<String, Float> sourceScores) {}
}
