package io.recsys.gateway.cascade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The gateway's own copies of the internal contracts (DESIGN.md "Contracts"): services share JSON, not
 * classes. Answers ignore fields they do not know, so a stage may add fields without breaking the gateway.
 */
public final class StageMessages {
  private StageMessages() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CandidatesCall(String userId, int count, Filters filters, List<String> excludeItemIds, String strategy) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Filters(List<String> categories) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CandidatesAnswer(List<Candidate> candidates, String modelVersion, String reason, List<String> degraded) {}

  /**
   * A candidate as retrieval returned it and as the ranker receives it: {@code sourceScores} (each
   * source's own score) are ranker features, so they pass through unchanged (absent for popular items
   * the gateway serves from memory).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Candidate(String itemId, double score, List<String> sources, Map<String, Double> sourceScores) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RankCall(String userId, List<Candidate> candidates, String model) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RankAnswer(List<Ranked> items, String modelVersion, List<String> unknownItemIds, List<String> degraded) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Ranked(String itemId, double score, Map<String, Double> tasks) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RerankCall(String userId, List<RerankItem> items, int slateSize, Map<String, Object> params) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RerankItem(String itemId, double score, Map<String, Double> tasks, List<String> sources) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RerankAnswer(List<SlateItem> items, String policy, Long seed, List<String> degraded) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SlateItem(String itemId, double score, Double propensity) {}
}
