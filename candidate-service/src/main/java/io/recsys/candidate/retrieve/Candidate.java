package io.recsys.candidate.retrieve;

import java.util.List;
import java.util.Map;

/**
 * One retrieved item with its provenance.
 *
 * @param itemId the item
 * @param row the model row (not part of the HTTP contract)
 * @param score the fused retrieval score (reciprocal-rank fusion over the sources that found it); the
 *     list is ordered by it
 * @param sources provenance tags, the source that claimed the item first first
 * @param sourceScores each source's own score for the item, by source name
 */
public record Candidate(String itemId, int row, double score, List<String> sources, Map<String, Float> sourceScores) {}
