package io.recsys.featurestore.store;

import java.util.List;

/**
 * One user and a list of items, read together for scoring ({@link FeatureStore#scoringFeatures}).
 *
 * @param user the user's history, mixture and attributes
 * @param items the items in request order; an unknown id is {@link ItemFeatures#absent}
 */
public record ScoringFeatures(UserFeatures user, List<ItemFeatures> items) {
  public ScoringFeatures {
    items = List.copyOf(items);
  }
}
