package io.recsys.candidate.embed;

import io.recsys.evaluation.baseline.Recommender;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Plain embedding top-K for evaluation: score = user vector . item vector over every item the user
 * has not seen in training; ties by item id as a string (the protocol's rule). Scratch per instance.
 */
public final class DotProductRecommender implements Recommender {
  private final String name;
  private final ItemVectors items;
  private final float[] userFactors;
  private final UserSequences train;
  private final ItemOrder order;
  private final float[] scores;
  private final int[] candidates;
  private final int[] seenBy;

  public DotProductRecommender(String name, ItemVectors items, float[] userFactors, UserSequences train, ItemOrder order) {
    this.name = name;
    this.items = items;
    this.userFactors = userFactors;
    this.train = train;
    this.order = order;
    this.scores = new float[items.count()];
    this.candidates = new int[items.count()];
    this.seenBy = new int[items.count()];
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int recommend(int user, int k, int[] out) {
    int d = items.dim();
    float[] x = new float[d];
    System.arraycopy(userFactors, user * d, x, 0, d);
    for (int p = 0; p < train.length(user); p++) seenBy[train.item(user, p)] = user + 1;
    int n = 0;
    for (int i = 0; i < items.count(); i++) {
      if (seenBy[i] == user + 1) continue;
      scores[i] = items.dot(i, x);
      candidates[n++] = i;
    }
    IntArrays.quickSort(candidates, 0, n, (a, b) -> {
      int c = Float.compare(scores[b], scores[a]);
      return c != 0 ? c : Integer.compare(order.rank(a), order.rank(b));
    });
    int len = Math.min(k, n);
    System.arraycopy(candidates, 0, out, 0, len);
    return len;
  }

  @Override
  public Recommender fork() {
    return new DotProductRecommender(name, items, userFactors, train, order);
  }
}
