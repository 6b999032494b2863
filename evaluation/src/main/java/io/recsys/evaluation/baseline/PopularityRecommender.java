package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;

/**
 * Reference baseline: score(j) = number of training users who interacted with j. Not thread-safe
 * (scratch buffers).
 */
public final class PopularityRecommender implements Recommender {
  private final double[] popularity;
  private final ItemOrder order;
  private final UserSequences train;
  private final TopKSelector selector;

  public PopularityRecommender(UserSequences train, ItemOrder order) {
    int[] users = train.usersPerItem();
    popularity = new double[users.length];
    for (int i = 0; i < users.length; i++) popularity[i] = users[i];
    this.order = order;
    this.train = train;
    selector = new TopKSelector(order, train);
  }

  private PopularityRecommender(PopularityRecommender shared) {
    popularity = shared.popularity;
    order = shared.order;
    train = shared.train;
    selector = new TopKSelector(order, train);
  }

  @Override
  public Recommender fork() {
    return new PopularityRecommender(this);
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
