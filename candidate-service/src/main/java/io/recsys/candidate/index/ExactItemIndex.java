package io.recsys.candidate.index;

import io.recsys.candidate.embed.ItemVectors;
import it.unimi.dsi.fastutil.ints.IntSet;
import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * Brute-force search: scores every item passing the filter. Supports every filter. The reference the
 * approximate indexes are measured against ({@link RecallMeter}), and the right index for tiny
 * catalogues where a graph buys nothing.
 *
 * <p>Rows are held one {@code float[]} each (a copy of the vectors), not as the row-major array of
 * {@link ItemVectors}, so the dot product can be Lucene's {@link VectorUtil#dotProduct}, which has
 * no offset form: it uses SIMD through the Panama vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, several times faster than a scalar loop at 64 dims.
 * A cluster filter scans only that cluster's rows (kept per cluster); categories are checked before
 * the dot product; excluded rows are looked up only for candidates that would enter the top-k.
 *
 * <p>Immutable after construction; thread-safe, with no limit on concurrent searches.
 */
public final class ExactItemIndex implements ItemIndex {
  private static final int[] NO_ROWS = new int[0];

  private final int dim;
  private final float[][] rows;
  private final int[][] rowsOfCluster;
  private final Object2IntMap<String> categoryIds;
  // Categories of row r are categoryOfRow[categoryStart[r] .. categoryStart[r + 1]) (compressed rows).
  private final int[] categoryStart;
  private final int[] categoryOfRow;

  /**
   * @param normalised unit (or zero) item vectors, row = item index
   * @param clusterOfRow interest cluster of each row (>= 0)
   * @param categoriesOfRow categories of each row (an entry may be null or empty: no categories)
   */
  public ExactItemIndex(ItemVectors normalised, int[] clusterOfRow, String[][] categoriesOfRow) {
    IndexInputs.checkNormalised(normalised);
    int n = normalised.count();
    int clusters = IndexInputs.clusterCount(clusterOfRow, n);
    IndexInputs.checkCategories(categoriesOfRow, n);
    this.dim = normalised.dim();
    this.rows = IndexInputs.rowArrays(normalised);
    this.rowsOfCluster = IndexInputs.rowsByCluster(clusterOfRow, clusters);

    this.categoryIds = new Object2IntOpenHashMap<>();
    categoryIds.defaultReturnValue(-1);
    this.categoryStart = new int[n + 1];
    int total = 0;
    for (int r = 0; r < n; r++) total += categoriesOfRow[r] == null ? 0 : categoriesOfRow[r].length;
    this.categoryOfRow = new int[total];
    int fill = 0;
    for (int r = 0; r < n; r++) {
      categoryStart[r] = fill;
      String[] cats = categoriesOfRow[r];
      if (cats == null) continue;
      for (String c : cats) {
        int id = categoryIds.getInt(c);
        if (id < 0) {
          id = categoryIds.size();
          categoryIds.put(c, id);
        }
        categoryOfRow[fill++] = id;
      }
    }
    categoryStart[n] = fill;
  }

  @Override
  public String name() {
    return "exact";
  }

  @Override
  public int size() {
    return rows.length;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public boolean supports(SearchFilter filter) {
    return true;
  }

  @Override
  public void search(float[] query, int k, SearchFilter filter, Neighbours out) {
    IndexInputs.checkSearch(query, dim, k, filter, out);
    out.begin(k);
    if (k == 0) {
      out.finish();
      return;
    }
    int[] wanted = null;
    if (filter.hasCategories()) {
      wanted = wantedCategories(filter.categories());
      if (wanted.length == 0) { // none of the asked categories exists: nothing can match
        out.finish();
        return;
      }
    }
    IntSet excluded = filter.hasExclusions() ? filter.excludedRows() : null;
    if (filter.hasCluster()) {
      int[] scope = filter.cluster() < rowsOfCluster.length ? rowsOfCluster[filter.cluster()] : NO_ROWS;
      for (int row : scope) consider(row, query, wanted, excluded, out);
    } else {
      for (int row = 0; row < rows.length; row++) consider(row, query, wanted, excluded, out);
    }
    out.finish();
  }

  private void consider(int row, float[] query, int[] wanted, IntSet excluded, Neighbours out) {
    if (wanted != null && !hasAnyCategory(row, wanted)) return;
    float score = VectorUtil.dotProduct(query, rows[row]);
    // The set look-up costs more than the comparison: only pay it for rows that would be kept.
    if (!out.wouldAccept(row, score)) return;
    if (excluded != null && excluded.contains(row)) return;
    out.offer(row, score);
  }

  private boolean hasAnyCategory(int row, int[] wanted) {
    for (int i = categoryStart[row], end = categoryStart[row + 1]; i < end; i++) {
      int c = categoryOfRow[i];
      for (int w : wanted) {
        if (w == c) return true;
      }
    }
    return false;
  }

  /** Ids of the asked categories that exist in the catalogue (a small array per search; filters hold a handful). */
  private int[] wantedCategories(Set<String> names) {
    int[] ids = new int[names.size()];
    int n = 0;
    for (String name : names) {
      int id = categoryIds.getInt(name);
      if (id >= 0) ids[n++] = id;
    }
    return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
  }

  /** Nothing to release: the index lives on the heap. */
  @Override
  public void close() {}
}
