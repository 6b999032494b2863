package io.recsys.featurestore.store;

import java.util.List;
import java.util.Map;

/**
 * What the store holds about one user, as one batch read returns it.
 *
 * @param userId the user
 * @param history recent history, newest first, at most the limit asked for
 * @param interestMixture interest-mixture weights by cluster index; empty when none was written
 * @param attributes user attributes; empty when none
 */
public record UserFeatures(String userId, List<HistoryEntry> history, float[] interestMixture,
    Map<String, String> attributes) {
  public UserFeatures {
    history = List.copyOf(history);
    attributes = Map.copyOf(attributes);
  }

  /** True when the store holds anything about this user. */
  public boolean present() {
    return !history.isEmpty() || interestMixture.length > 0 || !attributes.isEmpty();
  }
}
