package io.recsys.candidate.pi2i;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney) formula, tied scores sharing their mean
 * rank, so a constant scorer gets exactly 0.5. Stateless.
 */
final class Auc {
  private Auc() {}

  /** AUC of {@code scores[0..n)} against {@code labels} (1 = positive); NaN without both classes. */
  static double of(float[] scores, byte[] labels, int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    IntArrays.quickSort(order, (a, b) -> Float.compare(scores[a], scores[b]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
      double meanRank = (i + j) / 2.0 + 1; // ranks are 1-based
      for (int q = i; q <= j; q++) {
        if (labels[order[q]] == 1) {
          positiveRankSum += meanRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) return Double.NaN;
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
