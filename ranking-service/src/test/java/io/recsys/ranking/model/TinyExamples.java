package io.recsys.ranking.model;

import java.util.SplittableRandom;

/** Small seeded example sets for the network's tests. */
final class TinyExamples {
  private TinyExamples() {}

  /** The gradient-check architecture: every dimension distinct and small. */
  static final MoeArchitecture TINY = new MoeArchitecture(3, 4, 3, 3, 2, 4, 3, 2);

  /**
   * {@code queries} queries of {@code perQuery} candidates: query 1 has its last behaviour padded, query
   * 2 two, query 3 (if present) none real; labels cycle through the three levels; weights in [0.5, 2].
   */
  static RankingExamples random(MoeArchitecture a, int queries, int perQuery, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int l = a.sequenceLength(), e = a.embeddingDim(), d = a.denseDim(), n = queries * perQuery;
    int[] user = new int[queries];
    long[] time = new long[queries];
    float[] beh = new float[queries * l * e], mask = new float[queries * l];
    for (int q = 0; q < queries; q++) {
      user[q] = q;
      int real = q == 3 ? 0 : Math.max(1, l - q);
      for (int j = 0; j < real; j++) {
        mask[q * l + j] = 1f;
        for (int i = 0; i < e; i++) beh[(q * l + j) * e + i] = (float) rnd.nextGaussian();
      }
    }
    int[] query = new int[n];
    float[] dense = new float[n * d], target = new float[n * e], click = new float[n], engage = new float[n], w = new float[n];
    for (int c = 0; c < n; c++) {
      query[c] = c / perQuery;
      for (int i = 0; i < d; i++) dense[c * d + i] = (float) rnd.nextGaussian();
      for (int i = 0; i < e; i++) target[c * e + i] = (float) rnd.nextGaussian();
      int level = (c + c / perQuery) % 3;
      click[c] = level >= 1 ? 1f : 0f;
      engage[c] = level >= 2 ? 1f : 0f;
      w[c] = (float) (0.5 + 1.5 * rnd.nextDouble());
    }
    return new RankingExamples(d, e, l, user, time, beh, mask, query, dense, target, click, engage, w);
  }

  /** Initial parameters with every tensor (biases too) moved off its initial value by seeded noise. */
  static MoeParameters parameters(MoeArchitecture a, long seed, double noise) {
    MoeParameters p = MoeParameters.initial(a, seed, 0.3, 0.1);
    SplittableRandom rnd = new SplittableRandom(seed + 1);
    for (float[] t : p.all()) for (int i = 0; i < t.length; i++) t[i] += (float) (noise * rnd.nextGaussian());
    return p;
  }

  static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) o[i] = i;
    return o;
  }
}
