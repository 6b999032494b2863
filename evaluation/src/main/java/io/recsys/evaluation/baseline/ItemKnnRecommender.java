package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import java.util.Arrays;

/**
 * Reference baseline: ItemKNN with cosine similarity, score = X[u] · S (the sum of the similarity rows
 * of the user's training items). Not thread-safe (scratch buffers).
 */
public final class ItemKnnRecommender implements Recommender {
  private final UserSequences train;
  private final ItemOrder order;
  private final ItemSimilarity similarity;
  private final TopKSelector selector;
  private final double[] scores;

  public ItemKnnRecommender(UserSequences train, ItemOrder order) {
    this(train, order, new ItemSimilarity(train));
  }

  ItemKnnRecommender(UserSequences train, ItemOrder order, ItemSimilarity similarity) {
    this.train = train;
    this.order = order;
    this.similarity = similarity;
    this.selector = new TopKSelector(order, train);
    this.scores = new double[train.itemCount()];
  }

  @Override
  public Recommender fork() {
    return new ItemKnnRecommender(train, order, similarity);
  }

  @Override
  public String name() {
    return "itemknn";
  }

  @Override
  public int recommend(int user, int k, int[] out) {
    Arrays.fill(scores, 0);
    addScores(train, similarity, user, 1.0, scores);
    return selector.select(user, scores, k, out);
  }

  /** scores += weight · X[u] · S. */
  static void addScores(UserSequences train, ItemSimilarity similarity, int user, double weight, double[] scores) {
    for (int p = 0; p < train.length(user); p++) similarity.addRow(train.item(user, p), weight, scores);
  }
}
