package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;

/**
 * Reference baseline: score(j) = number of training users who interacted with j. Not thread-safe
 * (scratch buffers).
 */
public final class PopularityRecommender implements Recommender {
  private final double[] popularity;
  private final TopKSelector selector;

  public PopularityRecommender(UserSequences train, ItemOrder order) {
    popularity = new double[train.itemCount()];
    for (int u = 0; u < train.userCount(); u++) {
      for (int p = 0; p < train.length(u); p++) popularity[train.item(u, p)]++;
    }
    selector = new TopKSelector(order, train);
  }

  @Override
  public String name() {
    return "pop";
  }

  @Override
  public int recommend(int user, int k, int[] out) {
    return selector.select(user, popularity, k, out);
  }
}
