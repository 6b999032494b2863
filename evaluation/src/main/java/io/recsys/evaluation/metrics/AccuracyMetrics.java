package io.recsys.evaluation.metrics;

/**
 * Top-K accuracy of one user's ranked list against the user's held-out items. Each method reads the
 * first {@code min(k, length)} entries of {@code ranked}; {@code relevant} holds distinct item indexes.
 * With one held-out item (leave-last-out) HR@K and Recall@K coincide and MRR is the reciprocal rank.
 *
 * <p>Stateless; safe from any thread. Lists are short (K ≤ a few hundred) and relevant sets tiny, so
 * membership is a linear scan rather than a hash set: no allocation per user.
 */
public final class AccuracyMetrics {
  private AccuracyMetrics() {}

  /** 1 when any relevant item is in the top k, else 0. */
  public static double hitRate(int[] ranked, int length, int k, int[] relevant) {
    return firstHitRank(ranked, length, k, relevant) > 0 ? 1 : 0;
  }

  /** Share of the relevant items found in the top k. */
  public static double recall(int[] ranked, int length, int k, int[] relevant) {
    requireRelevant(relevant);
    return (double) hits(ranked, length, k, relevant) / relevant.length;
  }

  /** Share of the top k that is relevant (denominator k, as is standard, even when the list is shorter). */
  public static double precision(int[] ranked, int length, int k, int[] relevant) {
    requirePositive(k);
    return (double) hits(ranked, length, k, relevant) / k;
  }

  /**
   * Normalised discounted cumulative gain with binary relevance: DCG = Σ 1/log2(rank + 1) over the
   * relevant items in the top k, divided by the DCG of a perfect list (all relevant items first).
   */
  public static double ndcg(int[] ranked, int length, int k, int[] relevant) {
    requireRelevant(relevant);
    int n = Math.min(k, length);
    double dcg = 0;
    for (int r = 0; r < n; r++) {
      if (contains(relevant, ranked[r])) dcg += 1.0 / log2(r + 2);
    }
    double ideal = 0;
    for (int r = 0; r < Math.min(k, relevant.length); r++) ideal += 1.0 / log2(r + 2);
    return dcg / ideal;
  }

  /** 1 / rank of the first relevant item within the top k, 0 when none is there. */
  public static double reciprocalRank(int[] ranked, int length, int k, int[] relevant) {
    int rank = firstHitRank(ranked, length, k, relevant);
    return rank > 0 ? 1.0 / rank : 0;
  }

  /**
   * Average precision at k: Σ over ranks r ≤ k holding a relevant item of precision@r, divided by
   * min(|relevant|, k) so that a perfect list scores 1.
   */
  public static double averagePrecision(int[] ranked, int length, int k, int[] relevant) {
    requireRelevant(relevant);
    int n = Math.min(k, length);
    int hits = 0;
    double sum = 0;
    for (int r = 0; r < n; r++) {
      if (contains(relevant, ranked[r])) {
        hits++;
        sum += (double) hits / (r + 1);
      }
    }
    return sum / Math.min(relevant.length, k);
  }

  private static int hits(int[] ranked, int length, int k, int[] relevant) {
    int n = Math.min(k, length);
    int hits = 0;
    for (int r = 0; r < n; r++) if (contains(relevant, ranked[r])) hits++;
    return hits;
  }

  /** 1-based rank of the first relevant item in the top k, 0 when there is none. */
  private static int firstHitRank(int[] ranked, int length, int k, int[] relevant) {
    requireRelevant(relevant);
    requirePositive(k);
    int n = Math.min(k, length);
    for (int r = 0; r < n; r++) if (contains(relevant, ranked[r])) return r + 1;
    return 0;
  }

  private static boolean contains(int[] set, int item) {
    for (int x : set) if (x == item) return true;
    return false;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static void requireRelevant(int[] relevant) {
    if (relevant.length == 0) throw new IllegalArgumentException("a user under test needs at least one relevant item");
  }

  private static void requirePositive(int k) {
    if (k <= 0) throw new IllegalArgumentException("k must be positive, was " + k);
  }
}
