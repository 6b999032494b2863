package io.recsys.ranking.serve;

import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.ranking.api.RankRequest;
import java.util.List;

/**
 * One ranking call, features hydrated: what {@link RankingModel#rank} scores.
 *
 * @param userId the user
 * @param history the user's recent history, newest first (empty for a new user)
 * @param candidates the candidates in the candidate stage's order
 * @param counters per candidate (same order), its live counters; null, or a null element, means none
 * @param now the scoring moment, epoch millis
 */
public record RankInput(String userId, List<HistoryEntry> history, List<RankRequest.Candidate> candidates,
    ItemCounters[] counters, long now) {
  public RankInput {
    history = List.copyOf(history);
    candidates = List.copyOf(candidates);
    if (counters != null && counters.length != candidates.size()) {
      throw new IllegalArgumentException(counters.length + " counters for " + candidates.size() + " candidates");
    }
  }
}
