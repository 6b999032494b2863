package io.recsys.featurestore.store;

import java.util.List;

/**
 * What one {@link RealtimeFeatureWriter#apply} call changed.
 *
 * @param userSideApplied events pushed to a user's history (the rest were duplicates there)
 * @param itemSideApplied events counted on their item (the rest were duplicates there)
 * @param newlyAdmitted items whose admission count reached the threshold with this call, each once:
 *     the hook for admitting them to the model-facing tables (embeddings, ANN refresh)
 */
public record AppliedEvents(int userSideApplied, int itemSideApplied, List<String> newlyAdmitted) {
  public static final AppliedEvents NONE = new AppliedEvents(0, 0, List.of());

  public AppliedEvents {
    newlyAdmitted = List.copyOf(newlyAdmitted);
  }
}
