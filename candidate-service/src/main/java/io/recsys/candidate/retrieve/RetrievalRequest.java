package io.recsys.candidate.retrieve;

import java.util.Objects;
import java.util.Set;

/**
 * What a caller asks retrieval for (validated at the HTTP boundary before it gets here).
 *
 * @param count how many candidates, at least 1
 * @param categories only items with at least one of these categories; empty = any
 * @param excludeItemIds never return these (besides the user's seen items)
 * @param strategy which pipeline runs ({@link Strategy})
 */
public record RetrievalRequest(int count, Set<String> categories, Set<String> excludeItemIds, Strategy strategy) {
  public RetrievalRequest {
    if (count < 1) throw new IllegalArgumentException("count must be >= 1: " + count);
    categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
    excludeItemIds = Set.copyOf(Objects.requireNonNull(excludeItemIds, "excludeItemIds"));
    Objects.requireNonNull(strategy, "strategy");
  }

  public static RetrievalRequest of(int count) {
    return new RetrievalRequest(count, Set.of(), Set.of(), Strategy.MIXED);
  }

  public RetrievalRequest withStrategy(Strategy s) {
    return new RetrievalRequest(count, categories, excludeItemIds, s);
  }
}
