package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.UserSequences;
import java.util.Arrays;

/**
 * Cosine similarity between the item columns of the binary user×item training matrix,
 * S[i][j] = co(i,j) / sqrt(n_i · n_j), diagonal 0, every non-zero neighbour kept, stored as sparse
 * rows. Built by counting co-occurrences row by row in one dense scratch array, so memory is the
 * number of non-zero pairs, and time Σ_u |items(u)|².
 *
 * <p>Immutable after construction; {@link #addRow} is safe from any thread.
 */
final class ItemSimilarity {
  /** Refuse beyond this many stored pairs: a reference baseline, not a production index. */
  static final long MAX_PAIRS = 400_000_000L;

  private final int[] rowStart;
  private final int[] neighbours;
  private final double[] similarity;

  ItemSimilarity(UserSequences train) {
    int items = train.itemCount();
    int users = train.userCount();
    int[] usersPerItem = train.usersPerItem();
    long work = 0;
    for (int u = 0; u < users; u++) work += (long) train.length(u) * train.length(u);
    if (work > 20L * MAX_PAIRS) {
      throw new IllegalArgumentException("ItemKNN would touch " + work + " item pairs; the reference baseline"
          + " is meant for datasets up to a few million interactions");
    }
    // users of each item, compressed rows
    int[] itemStart = new int[items + 1];
    for (int i = 0; i < items; i++) itemStart[i + 1] = itemStart[i] + usersPerItem[i];
    int[] itemUsers = new int[itemStart[items]];
    int[] fill = Arrays.copyOf(itemStart, items);
    for (int u = 0; u < users; u++) {
      for (int p = 0; p < train.length(u); p++) itemUsers[fill[train.item(u, p)]++] = u;
    }

    int[] co = new int[items];
    int[] touched = new int[items];
    rowStart = new int[items + 1];
    int[] cols = new int[1024];
    double[] vals = new double[1024];
    int nnz = 0;
    for (int i = 0; i < items; i++) {
      int nTouched = 0;
      for (int q = itemStart[i]; q < itemStart[i + 1]; q++) {
        int u = itemUsers[q];
        for (int p = 0; p < train.length(u); p++) {
          int j = train.item(u, p);
          if (j == i) continue;
          if (co[j]++ == 0) touched[nTouched++] = j;
        }
      }
      Arrays.sort(touched, 0, nTouched);
      if ((long) nnz + nTouched > MAX_PAIRS) {
        throw new IllegalArgumentException("ItemKNN similarity exceeds " + MAX_PAIRS + " pairs");
      }
      if (nnz + nTouched > cols.length) {
        int cap = Math.max(cols.length * 2, nnz + nTouched);
        cols = Arrays.copyOf(cols, cap);
        vals = Arrays.copyOf(vals, cap);
      }
      for (int t = 0; t < nTouched; t++) {
        int j = touched[t];
        cols[nnz] = j;
        vals[nnz] = co[j] / Math.sqrt((double) usersPerItem[i] * usersPerItem[j]);
        nnz++;
        co[j] = 0;
      }
      rowStart[i + 1] = nnz;
    }
    neighbours = Arrays.copyOf(cols, nnz);
    similarity = Arrays.copyOf(vals, nnz);
  }

  /** scores[j] += weight · S[item][j] for every neighbour j of item. */
  void addRow(int item, double weight, double[] scores) {
    for (int q = rowStart[item]; q < rowStart[item + 1]; q++) scores[neighbours[q]] += weight * similarity[q];
  }

  /** S[a][b], by binary search in a's row. */
  double get(int a, int b) {
    int q = Arrays.binarySearch(neighbours, rowStart[a], rowStart[a + 1], b);
    return q >= 0 ? similarity[q] : 0;
  }

  long storedPairs() {
    return neighbours.length;
  }
}
