package io.recsys.candidate.api;

import io.recsys.candidate.retrieve.Strategy;
import java.util.List;

/**
 * {@code POST /internal/candidates}, as parsed and validated by {@link CandidatesRequestParser}.
 *
 * @param userId whose candidates
 * @param count how many
 * @param categories {@code filters.categories}: only items with one of these; empty = any
 * @param excludeItemIds never return these
 * @param strategy {@code mixed} (default) or a single source for debugging and evaluation
 */
public record CandidatesRequest(String userId, int count, List<String> categories, List<String> excludeItemIds,
    Strategy strategy) {}
