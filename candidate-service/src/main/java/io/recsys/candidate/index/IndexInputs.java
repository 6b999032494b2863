package io.recsys.candidate.index;

import io.recsys.candidate.embed.ItemVectors;
import java.util.Objects;

/**
 * Checks shared by every index on what it is built from and searched with, so a wrong input fails
 * loudly at build or call time instead of as silently bad neighbours. Stateless.
 */
final class IndexInputs {
  /** The cluster of a row that belongs to none (as {@code InterestClusters.UNASSIGNED}). */
  static final int UNASSIGNED = -1;

  /** Interest clusters are a few dozen at most; a huge id is a bug (and would allocate per-cluster graphs). */
  static final int MAX_CLUSTERS = 1 << 16;

  /** Accepted deviation of a row's L2 norm from 1 (float rounding of a normalised 1000-d row stays far below). */
  private static final double UNIT_TOLERANCE = 1e-3;

  private IndexInputs() {}

  /**
   * Fails unless every row is unit length or all zero (what {@link ItemVectors#normalised} gives):
   * Lucene's DOT_PRODUCT and the hnswlib inner-product distance only rank by cosine for unit rows.
   */
  static void checkNormalised(ItemVectors vectors) {
    Objects.requireNonNull(vectors, "vectors");
    float[] data = vectors.data();
    int dim = vectors.dim();
    for (int row = 0, n = vectors.count(); row < n; row++) {
      int off = row * dim;
      double norm2 = 0;
      for (int j = 0; j < dim; j++) {
        float v = data[off + j];
        if (!Float.isFinite(v)) throw new IllegalArgumentException("item vector row " + row + " has a non-finite component");
        norm2 += (double) v * v;
      }
      if (norm2 != 0 && Math.abs(Math.sqrt(norm2) - 1) > UNIT_TOLERANCE) {
        throw new IllegalArgumentException("item vector row " + row + " has L2 norm " + Math.sqrt(norm2)
            + ", expected unit rows (pass ItemVectors.normalised())");
      }
    }
  }

  /**
   * Validates a cluster assignment for {@code count} rows and returns the number of clusters (max id +
   * 1). A row of cluster {@link #UNASSIGNED} (-1: an item k-means left out, e.g. one without training
   * data and so with a zero vector) belongs to no cluster: cluster-scoped searches never return it.
   */
  static int clusterCount(int[] clusterOfRow, int count) {
    Objects.requireNonNull(clusterOfRow, "clusterOfRow");
    if (clusterOfRow.length != count) {
      throw new IllegalArgumentException("clusterOfRow has " + clusterOfRow.length + " entries for " + count + " items");
    }
    int max = -1;
    for (int row = 0; row < count; row++) {
      int c = clusterOfRow[row];
      if (c < UNASSIGNED || c >= MAX_CLUSTERS) {
        throw new IllegalArgumentException("clusterOfRow[" + row + "] = " + c + ", expected -1 (none) or 0.." + (MAX_CLUSTERS - 1));
      }
      if (c > max) max = c;
    }
    return max + 1;
  }

  /** Rows of each cluster, ascending. */
  static int[][] rowsByCluster(int[] clusterOfRow, int clusters) {
    int[] sizes = new int[clusters];
    for (int c : clusterOfRow) if (c != UNASSIGNED) sizes[c]++;
    int[][] rows = new int[clusters][];
    for (int c = 0; c < clusters; c++) rows[c] = new int[sizes[c]];
    int[] fill = new int[clusters];
    for (int row = 0; row < clusterOfRow.length; row++) {
      int c = clusterOfRow[row];
      if (c != UNASSIGNED) rows[c][fill[c]++] = row;
    }
    return rows;
  }

  /** Fails unless the categories array has one (possibly null or empty) entry per row and no null or empty names. */
  static void checkCategories(String[][] categoriesOfRow, int count) {
    Objects.requireNonNull(categoriesOfRow, "categoriesOfRow");
    if (categoriesOfRow.length != count) {
      throw new IllegalArgumentException("categoriesOfRow has " + categoriesOfRow.length + " entries for " + count + " items");
    }
    for (int row = 0; row < count; row++) {
      String[] cats = categoriesOfRow[row];
      if (cats == null) continue;
      for (String c : cats) {
        if (c == null || c.isEmpty()) throw new IllegalArgumentException("categoriesOfRow[" + row + "] holds a null or empty name");
      }
    }
  }

  /** One array per row: hnswlib items need their own {@code float[]}, and Lucene's SIMD dot product has no offset form. */
  static float[][] rowArrays(ItemVectors vectors) {
    int n = vectors.count();
    float[][] rows = new float[n][];
    for (int row = 0; row < n; row++) rows[row] = vectors.row(row);
    return rows;
  }

  /** The per-search argument checks of {@link ItemIndex#search}. */
  static void checkSearch(float[] query, int dim, int k, SearchFilter filter, Neighbours out) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(out, "out");
    if (query.length != dim) throw new IllegalArgumentException("query has " + query.length + " dims, index has " + dim);
    for (float v : query) {
      if (!Float.isFinite(v)) throw new IllegalArgumentException("query has a non-finite component");
    }
    if (k < 0) throw new IllegalArgumentException("k must be >= 0: " + k);
    if (k > out.capacity()) throw new IllegalArgumentException("k " + k + " exceeds the Neighbours capacity " + out.capacity());
  }
}
