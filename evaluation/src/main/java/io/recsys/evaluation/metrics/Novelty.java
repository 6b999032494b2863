package io.recsys.evaluation.metrics;

/**
 * Novelty as mean self-information of the recommended items: -log2 p(i), where p(i) is the share of
 * training users who interacted with item i. Add-one smoothing, p(i) = (users(i) + 1) / (users + 1),
 * keeps never-seen items finite. Higher = less popular items recommended. Immutable.
 */
public final class Novelty {
  private final double[] selfInformation;

  /**
   * @param usersPerItem number of training users who interacted with each item
   * @param trainingUsers number of users with training data
   */
  public Novelty(int[] usersPerItem, int trainingUsers) {
    if (trainingUsers < 0) throw new IllegalArgumentException("trainingUsers must be >= 0, was " + trainingUsers);
    selfInformation = new double[usersPerItem.length];
    for (int i = 0; i < usersPerItem.length; i++) {
      if (usersPerItem[i] > trainingUsers) {
        throw new IllegalArgumentException("item " + i + " has " + usersPerItem[i] + " users, more than " + trainingUsers);
      }
      selfInformation[i] = -Math.log((usersPerItem[i] + 1.0) / (trainingUsers + 1.0)) / Math.log(2);
    }
  }

  /** Mean self-information of the first {@code length} items of the list; 0 for an empty list. */
  public double of(int[] list, int length) {
    if (length == 0) return 0;
    double sum = 0;
    for (int r = 0; r < length; r++) sum += selfInformation[list[r]];
    return sum / length;
  }
}
