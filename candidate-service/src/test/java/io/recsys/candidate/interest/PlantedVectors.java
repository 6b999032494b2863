package io.recsys.candidate.interest;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.embed.Interactions;
import java.util.SplittableRandom;

/** Generated item vectors around planted directions, and the adjusted Rand index to score a clustering. */
final class PlantedVectors {
  private PlantedVectors() {}

  /**
   * {@code sizes[g]} items around basis direction {@code e_g} (plus Gaussian noise of scale
   * {@code noise} on every coordinate, random length), rows in a seeded random order;
   * {@code truth[row]} receives each row's group.
   */
  static ItemVectors around(int[] sizes, int dim, double noise, long seed, int[] truth) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 0;
    for (int s : sizes) n += s;
    int[] group = new int[n];
    int i = 0;
    for (int g = 0; g < sizes.length; g++) for (int j = 0; j < sizes[g]; j++) group[i++] = g;
    for (int j = n - 1; j > 0; j--) { // shuffle rows
      int k = random.nextInt(j + 1);
      int t = group[j];
      group[j] = group[k];
      group[k] = t;
    }
    float[] data = new float[n * dim];
    for (int r = 0; r < n; r++) {
      double length = 0.5 + random.nextDouble() * 2;
      for (int j = 0; j < dim; j++) {
        double base = j == group[r] ? 1 : 0;
        data[r * dim + j] = (float) (length * (base + noise * random.nextGaussian()));
      }
      truth[r] = group[r];
    }
    return new ItemVectors(Interactions.itemIds(n), dim, data);
  }

  /** Adjusted Rand index (Hubert and Arabie 1985) of two labelings; 1 = identical partitions. */
  static double adjustedRand(int[] a, int[] b) {
    int n = a.length;
    int ka = 0;
    int kb = 0;
    for (int i = 0; i < n; i++) {
      ka = Math.max(ka, a[i] + 1);
      kb = Math.max(kb, b[i] + 1);
    }
    long[][] table = new long[ka][kb];
    long[] rows = new long[ka];
    long[] cols = new long[kb];
    for (int i = 0; i < n; i++) {
      table[a[i]][b[i]]++;
      rows[a[i]]++;
      cols[b[i]]++;
    }
    double index = 0;
    for (long[] r : table) for (long v : r) index += pairs(v);
    double sa = 0;
    double sb = 0;
    for (long v : rows) sa += pairs(v);
    for (long v : cols) sb += pairs(v);
    double expected = sa * sb / pairs(n);
    double max = (sa + sb) / 2;
    return (index - expected) / (max - expected);
  }

  private static double pairs(long v) {
    return v * (v - 1) / 2.0;
  }
}
