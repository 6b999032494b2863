package io.recsys.ranking.model;

import java.util.SplittableRandom;

/**
 * Seeded synthetic ranking data whose labels depend on the dense features and on how close the target
 * is to the user's behaviours, so that a model must use both paths to rank well.
 */
final class SyntheticRanking {
  private SyntheticRanking() {}

  static RankingExamples generate(MoeArchitecture a, int queries, int perQuery, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int l = a.sequenceLength(), e = a.embeddingDim(), d = a.denseDim(), n = queries * perQuery;
    int[] user = new int[queries];
    long[] time = new long[queries];
    float[] beh = new float[queries * l * e], mask = new float[queries * l];
    float[][] taste = new float[queries][e];
    for (int q = 0; q < queries; q++) {
      user[q] = q;
      float[] u = unit(rnd, e);
      taste[q] = u;
      int real = 1 + rnd.nextInt(l); // history lengths 1..L, so padding is common
      for (int j = 0; j < real; j++) {
        mask[q * l + j] = 1f;
        for (int i = 0; i < e; i++) beh[(q * l + j) * e + i] = (float) (u[i] * 2 + rnd.nextGaussian() * 0.3);
      }
    }
    int[] query = new int[n];
    float[] dense = new float[n * d], target = new float[n * e], click = new float[n], engage = new float[n], w = new float[n];
    for (int c = 0; c < n; c++) {
      int q = c / perQuery;
      query[c] = q;
      for (int i = 0; i < d; i++) dense[c * d + i] = (float) rnd.nextGaussian();
      float[] t = unit(rnd, e);
      double affinity = 0;
      for (int i = 0; i < e; i++) {
        target[c * e + i] = t[i] * 2;
        affinity += t[i] * taste[q][i];
      }
      double logit = 2.0 * dense[c * d] - 1.5 * dense[c * d + 1] + 5.0 * affinity - 1.5;
      boolean clicked = rnd.nextDouble() < ReferenceMoe.sigmoid(logit);
      click[c] = clicked ? 1f : 0f;
      engage[c] = clicked && rnd.nextDouble() < ReferenceMoe.sigmoid(logit - 1.5) ? 1f : 0f;
      w[c] = 1f;
    }
    return new RankingExamples(d, e, l, user, time, beh, mask, query, dense, target, click, engage, w);
  }

  private static float[] unit(SplittableRandom rnd, int e) {
    float[] v = new float[e];
    double s = 0;
    for (int i = 0; i < e; i++) {
      v[i] = (float) rnd.nextGaussian();
      s += v[i] * v[i];
    }
    for (int i = 0; i < e; i++) v[i] /= (float) Math.sqrt(s);
    return v;
  }
}
