package io.recsys.ranking.model;

import java.util.Arrays;

/** ROC AUC of scores against binary labels, ties counted half (the Mann-Whitney U statistic). Stateless. */
public final class Auc {
  private Auc() {}

  /**
   * @param scores higher means more likely positive; NaN is not allowed
   * @param labels positive where {@code > 0}
   * @param n how many leading entries to use
   * @return the AUC, or NaN when there is no positive or no negative
   */
  public static double of(float[] scores, float[] labels, int n) {
    if (n > scores.length || n > labels.length) {
      throw new IllegalArgumentException("n=" + n + " exceeds scores " + scores.length + " or labels " + labels.length);
    }
    // Sort (score, index) pairs as longs: a monotone int key of the float in the high bits, no boxing.
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      float s = scores[i];
      if (Float.isNaN(s)) throw new IllegalArgumentException("score " + i + " is NaN");
      int bits = Float.floatToIntBits(s == 0f ? 0f : s); // -0 and +0 tie
      int key = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
      keyed[i] = ((long) key << 32) | i;
    }
    Arrays.sort(keyed);
    double positives = 0, rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      int key = (int) (keyed[i] >> 32);
      while (j < n && (int) (keyed[j] >> 32) == key) j++;
      double midRank = (i + 1 + j) / 2.0; // 1-based ranks i+1..j share their mean
      for (int t = i; t < j; t++) {
        if (labels[(int) keyed[t]] > 0) {
          positives++;
          rankSum += midRank;
        }
      }
      i = j;
    }
    double negatives = n - positives;
    if (positives == 0 || negatives == 0) return Double.NaN;
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
  }
}
