package io.recsys.featurestore.store;

import java.util.List;

/**
 * What one {@link RealtimeFeatureWriter#apply} call changed.
 *
 * @param userSideApplied events pushed to a user's history (the rest were duplicates there)
 * @param itemSideApplied events counted on their item (the rest were duplicates there)
 * @param newlyAdmitted items whose admission count reached the threshold with this call, each once:
 *     the hook for admitting them to the model-facing tables (embeddings, ANN refresh)
 * @param mixturesUpdated events that moved their user's interest-mixture weights (applied, positive, on
 *     an item with a known cluster)
 * @param mixturesReset users whose stored weights did not fit the current clustering (another
 *     length after the cluster count changed, or not a usable probability vector) and were started
 *     again from uniform instead of being mixed
 */
public record AppliedEvents(int userSideApplied, int itemSideApplied, List<String> newlyAdmitted,
    int mixturesUpdated, int mixturesReset) {
  public static final AppliedEvents NONE = new AppliedEvents(0, 0, List.of());

  public AppliedEvents {
    newlyAdmitted = List.copyOf(newlyAdmitted);
  }

  /** Without mixture updates. */
  public AppliedEvents(int userSideApplied, int itemSideApplied, List<String> newlyAdmitted) {
    this(userSideApplied, itemSideApplied, newlyAdmitted, 0, 0);
  }
}
