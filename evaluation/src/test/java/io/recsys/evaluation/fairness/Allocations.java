package io.recsys.evaluation.fairness;

import java.util.SplittableRandom;

/** Top-k list sets used across the fairness tests. */
final class Allocations {
  private Allocations() {}

  /**
   * Example A, m = 3, k = 2, n = 4: lists {0,1}, {0,2}, {1,0}. Counts c = (3, 2, 1, 0), km = 6, q =
   * 1, r = 2. km &gt; n, one item unexposed.
   */
  static final int[][] EXAMPLE_A = {{0, 1}, {0, 2}, {1, 0}};

  static final int EXAMPLE_A_ITEMS = 4;

  /**
   * Example B, m = 2, k = 2, n = 5: lists {0,1}, {2,0}. Counts c = (2, 1, 1, 0, 0), km = 4 &lt; n,
   * q = 0, r = 4.
   */
  static final int[][] EXAMPLE_B = {{0, 1}, {2, 0}};

  static final int EXAMPLE_B_ITEMS = 5;

  /** a_2 = 1 / log2(3), the rank-2 weight of Gini-w. */
  static final double A2 = Math.log(2) / Math.log(3);

  /** Every user gets items 0..k-1 in the same order: the unfairest achievable allocation. */
  static int[][] identical(int m, int k) {
    int[][] lists = new int[m][k];
    for (int u = 0; u < m; u++) {
      for (int j = 0; j < k; j++) {
        lists[u][j] = j;
      }
    }
    return lists;
  }

  /**
   * Slots filled cyclically over the catalogue: user u's j-th item is (u k + j) mod n. Each item
   * gets q or q + 1 slots (the most even allocation) and, when km &le; n, each slot its own item.
   */
  static int[][] roundRobin(int m, int k, int n) {
    int[][] lists = new int[m][k];
    for (int u = 0; u < m; u++) {
      for (int j = 0; j < k; j++) {
        lists[u][j] = (int) (((long) u * k + j) % n);
      }
    }
    return lists;
  }

  /** Each user gets k distinct items drawn uniformly (partial Fisher-Yates), seeded. */
  static int[][] random(int m, int k, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] pool = new int[n];
    int[][] lists = new int[m][k];
    for (int u = 0; u < m; u++) {
      for (int i = 0; i < n; i++) {
        pool[i] = i;
      }
      for (int j = 0; j < k; j++) {
        int pick = j + random.nextInt(n - j);
        int tmp = pool[j];
        pool[j] = pool[pick];
        pool[pick] = tmp;
        lists[u][j] = pool[j];
      }
    }
    return lists;
  }

  /** A seeded random permutation of 0..size-1. */
  static int[] permutation(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  static ExposureCounts exposure(int[][] lists, int n) {
    return ExposureCounts.from(lists, n);
  }
}
