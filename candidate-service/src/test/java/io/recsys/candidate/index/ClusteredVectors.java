package io.recsys.candidate.index;

import io.recsys.candidate.embed.ItemVectors;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.apache.lucene.util.VectorUtil;

/**
 * Seeded synthetic catalogue for index tests and the candidates benchmark: {@code clusters} random
 * unit "interest" centres; each item picks a cluster uniformly and is its centre plus Gaussian noise
 * of expected norm {@code noise}, normalised; each item has 1-3 of {@code categories} categories
 * named {@code cat-0..}. Queries are users: a random mixture of a few centres plus noise.
 *
 * @param vectors unit item vectors
 * @param clusterOfRow the generating cluster of each row
 * @param categoriesOfRow categories of each row
 * @param centres the unit cluster centres
 * @param noise expected norm of the noise added to a centre
 */
public record ClusteredVectors(ItemVectors vectors, int[] clusterOfRow, String[][] categoriesOfRow, float[][] centres, double noise) {

  public static ClusteredVectors generate(int count, int dim, int clusters, double noise, int categories, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) centres[c] = unit(gaussian(dim, 1, rnd));
    String[] ids = new String[count];
    float[] data = new float[count * dim];
    int[] clusterOfRow = new int[count];
    String[][] cats = new String[count][];
    double sigma = noise / Math.sqrt(dim);
    for (int row = 0; row < count; row++) {
      ids[row] = "item" + row;
      int c = rnd.nextInt(clusters);
      clusterOfRow[row] = c;
      float[] v = gaussian(dim, sigma, rnd);
      for (int j = 0; j < dim; j++) v[j] += centres[c][j];
      System.arraycopy(unit(v), 0, data, row * dim, dim);
      int n = 1 + rnd.nextInt(3);
      String[] mine = new String[n];
      for (int i = 0; i < n; i++) mine[i] = "cat-" + rnd.nextInt(categories);
      cats[row] = Arrays.stream(mine).distinct().toArray(String[]::new);
    }
    return new ClusteredVectors(new ItemVectors(ids, dim, data), clusterOfRow, cats, centres, noise);
  }

  public int count() {
    return vectors.count();
  }

  public int dim() {
    return vectors.dim();
  }

  /** {@code n} unit user vectors: a mixture of 1-3 random centres plus noise. */
  public float[][] queries(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) out[i] = userVector(mixture(rnd), rnd);
    return out;
  }

  /** Random interest weights: 1-3 clusters with exponential weights, the rest 0; sums to 1. */
  public double[] mixture(SplittableRandom rnd) {
    double[] w = new double[centres.length];
    int active = 1 + rnd.nextInt(Math.min(3, centres.length));
    double sum = 0;
    for (int i = 0; i < active; i++) {
      int c = rnd.nextInt(centres.length);
      double x = -Math.log(1 - rnd.nextDouble());
      w[c] += x;
      sum += x;
    }
    for (int c = 0; c < w.length; c++) w[c] /= sum;
    return w;
  }

  /** The unit user vector of a mixture: weighted centres plus noise. */
  public float[] userVector(double[] weights, SplittableRandom rnd) {
    int dim = dim();
    float[] v = gaussian(dim, noise / Math.sqrt(dim), rnd);
    for (int c = 0; c < centres.length; c++) {
      for (int j = 0; j < dim; j++) v[j] += (float) (weights[c] * centres[c][j]);
    }
    return unit(v);
  }

  /** Brute-force reference: the best {@code k} rows passing {@code pass}, by score then lower row. */
  public int[] trueTopK(float[] query, int k, IntPredicate pass) {
    int n = count();
    Integer[] order = new Integer[n];
    float[] scores = new float[n];
    int m = 0;
    for (int row = 0; row < n; row++) {
      if (!pass.test(row)) continue;
      scores[row] = VectorUtil.dotProduct(query, vectors.row(row));
      order[m++] = row;
    }
    Integer[] kept = Arrays.copyOf(order, m);
    Arrays.sort(kept, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
    int[] out = new int[Math.min(k, m)];
    for (int i = 0; i < out.length; i++) out[i] = kept[i];
    return out;
  }

  public boolean hasAnyCategory(int row, java.util.Set<String> wanted) {
    for (String c : categoriesOfRow[row]) {
      if (wanted.contains(c)) return true;
    }
    return false;
  }

  private static float[] gaussian(int dim, double sigma, SplittableRandom rnd) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) v[j] = (float) (sigma * rnd.nextGaussian());
    return v;
  }

  static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) n += (double) x * x;
    float inv = (float) (1 / Math.sqrt(n));
    for (int j = 0; j < v.length; j++) v[j] *= inv;
    return v;
  }
}
