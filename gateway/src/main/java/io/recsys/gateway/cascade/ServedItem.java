package io.recsys.gateway.cascade;

import java.util.List;
import java.util.Map;

/**
 * One item of the answer with its provenance.
 *
 * @param itemId the item
 * @param score the last stage's score (ranker score when ranked, else the retrieval score)
 * @param propensity probability that the re-ranker shows it at this slot (null without re-ranking)
 * @param sources retrieval provenance ({@code knn-embed:cluster-7}, {@code pi2i:trigger-172}, {@code popular})
 * @param retrievalScore the candidate service's fused score
 * @param rankScores the ranker's calibrated per-task probabilities (empty when not ranked)
 * @param rerank the re-rank policy that placed it (null when not re-ranked)
 */
public record ServedItem(String itemId, double score, Double propensity, List<String> sources, double retrievalScore,
    Map<String, Double> rankScores, String rerank) {}
