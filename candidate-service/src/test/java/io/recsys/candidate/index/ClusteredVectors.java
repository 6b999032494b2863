package io.recsys.candidate.index;

import io.recsys.candidate.embed.ItemVectors;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.apache.lucene.util.VectorUtil;

/**
 * Seeded synthetic catalogue for index tests and the candidates benchmark. {@code clusters} random
 * unit "interest" centres; each item picks a cluster uniformly and is its centre plus a variation of
 * expected norm {@code noise}, normalised; each item has 1-3 of {@code categories} categories named
 * {@code cat-0..}. The variation spans {@code rank} random directions of its cluster plus a small
 * isotropic rest (a fifth of it): learned embeddings vary along few directions within a topic, and
 * that intrinsic dimension, more than the vector length, decides how hard ANN search is. With
 * {@code rank == dim} the variation is plain isotropic Gaussian noise, the hardest case (items within
 * a cluster are random points). Queries are users: a mixture of item-like points of a few interests.
 *
 * @param vectors unit item vectors
 * @param clusterOfRow the generating cluster of each row
 * @param categoriesOfRow categories of each row
 * @param centres the unit cluster centres
 * @param bases per cluster, {@code rank} directions of {@code dim} floats (null when isotropic)
 * @param noise expected norm of the variation added to a centre
 */
public record ClusteredVectors(ItemVectors vectors, int[] clusterOfRow, String[][] categoriesOfRow, float[][] centres,
    float[][][] bases, double noise) {

  /** Isotropic variation: the hardest case for ANN (see the class comment). */
  public static ClusteredVectors generate(int count, int dim, int clusters, double noise, int categories, long seed) {
    return generate(count, dim, clusters, dim, noise, categories, seed);
  }

  public static ClusteredVectors generate(int count, int dim, int clusters, int rank, double noise, int categories, long seed) {
    if (rank < 1 || rank > dim) throw new IllegalArgumentException("rank must be in 1.." + dim + ": " + rank);
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) centres[c] = unit(gaussian(dim, 1, rnd));
    float[][][] bases = null;
    if (rank < dim) {
      bases = new float[clusters][rank][];
      for (int c = 0; c < clusters; c++) {
        for (int r = 0; r < rank; r++) bases[c][r] = unit(gaussian(dim, 1, rnd));
      }
    }
    ClusteredVectors shape = new ClusteredVectors(null, null, null, centres, bases, noise);
    String[] ids = new String[count];
    float[] data = new float[count * dim];
    int[] clusterOfRow = new int[count];
    String[][] cats = new String[count][];
    for (int row = 0; row < count; row++) {
      ids[row] = "item" + row;
      int c = rnd.nextInt(clusters);
      clusterOfRow[row] = c;
      System.arraycopy(unit(shape.pointOf(c, 1.0, rnd)), 0, data, row * dim, dim);
      int n = 1 + rnd.nextInt(3);
      String[] mine = new String[n];
      for (int i = 0; i < n; i++) mine[i] = "cat-" + rnd.nextInt(categories);
      cats[row] = Arrays.stream(mine).distinct().toArray(String[]::new);
    }
    return new ClusteredVectors(new ItemVectors(ids, dim, data), clusterOfRow, cats, centres, bases, noise);
  }

  /** {@code weight * (centre of c + variation)}, not normalised. */
  private float[] pointOf(int c, double weight, SplittableRandom rnd) {
    float[] centre = centres[c];
    int dim = centre.length;
    float[] v;
    if (bases == null) {
      v = gaussian(dim, noise / Math.sqrt(dim), rnd);
    } else {
      float[][] basis = bases[c];
      double along = noise / Math.sqrt(basis.length);
      v = gaussian(dim, 0.2 * noise / Math.sqrt(dim), rnd);
      for (float[] direction : basis) {
        float z = (float) (along * rnd.nextGaussian());
        for (int j = 0; j < dim; j++) v[j] += z * direction[j];
      }
    }
    for (int j = 0; j < dim; j++) v[j] = (float) (weight * (v[j] + centre[j]));
    return v;
  }

  public int count() {
    return vectors.count();
  }

  public int dim() {
    return centres[0].length;
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

  /** The unit user vector of a mixture: a weighted sum of one item-like point per interest with weight. */
  public float[] userVector(double[] weights, SplittableRandom rnd) {
    float[] v = new float[dim()];
    for (int c = 0; c < centres.length; c++) {
      if (weights[c] == 0) continue;
      float[] p = pointOf(c, weights[c], rnd);
      for (int j = 0; j < v.length; j++) v[j] += p[j];
    }
    return unit(v);
  }

  /** Brute-force reference: the best {@code k} rows passing {@code pass}, by score then lower row. */
  public int[] trueTopK(float[] query, int k, IntPredicate pass) {
    int n = count();
    int[] kept = new int[n];
    float[] scores = new float[n];
    float[] data = vectors.data();
    int dim = dim();
    float[] row = new float[dim];
    int m = 0;
    for (int r = 0; r < n; r++) {
      if (!pass.test(r)) continue;
      System.arraycopy(data, r * dim, row, 0, dim);
      scores[r] = VectorUtil.dotProduct(query, row);
      kept[m++] = r;
    }
    IntArrays.quickSort(kept, 0, m, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
    return Arrays.copyOf(kept, Math.min(k, m));
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
