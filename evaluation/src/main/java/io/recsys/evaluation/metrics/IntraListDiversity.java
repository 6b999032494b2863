package io.recsys.evaluation.metrics;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Item;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;

/**
 * Intra-list diversity: the mean pairwise distance between the items of one list. Two distances:
 * Jaccard distance of the items' category sets (1 - |A∩B| / |A∪B|; two empty sets are at distance 0),
 * and cosine distance of item embeddings (1 - cos). A list of fewer than two items has diversity 0.
 *
 * <p>Category sets are given as sorted int arrays of category indexes, so intersection is a merge
 * walk with no allocation. Immutable after construction; safe from any thread.
 */
public final class IntraListDiversity {
  private final int[][] categoriesByItem;
  private final float[][] embeddingByItem;

  /**
   * @param categoriesByItem sorted, distinct category indexes per item index (null entries = no categories)
   * @param embeddingByItem embedding per item index, or null when no embeddings are known
   */
  public IntraListDiversity(int[][] categoriesByItem, float[][] embeddingByItem) {
    this.categoriesByItem = categoriesByItem;
    this.embeddingByItem = embeddingByItem;
    for (int i = 0; i < categoriesByItem.length; i++) {
      int[] c = categoriesByItem[i];
      if (c == null) continue;
      for (int j = 1; j < c.length; j++) {
        if (c[j] <= c[j - 1]) throw new IllegalArgumentException("categories of item " + i + " are not sorted and distinct");
      }
    }
  }

  /**
   * Diversity over the dataset's item categories (each distinct category string becomes an index),
   * with optional embeddings by item index.
   */
  public static IntraListDiversity ofItemCategories(Dataset dataset, float[][] embeddingByItem) {
    Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>();
    int[][] categories = new int[dataset.items().size()][];
    for (int i = 0; i < categories.length; i++) {
      Item item = dataset.itemMetadata(i);
      if (item == null) continue;
      int[] c = new int[item.categories().size()];
      for (int j = 0; j < c.length; j++) c[j] = index.computeIfAbsent(item.categories().get(j), k -> index.size());
      Arrays.sort(c);
      categories[i] = Arrays.stream(c).distinct().toArray();
    }
    return new IntraListDiversity(categories, embeddingByItem);
  }

  /** Whether any item has a category (otherwise diversity by category is 0 by definition). */
  public boolean hasCategories() {
    for (int[] c : categoriesByItem) if (c != null && c.length > 0) return true;
    return false;
  }

  public boolean hasEmbeddings() {
    return embeddingByItem != null;
  }

  /** Mean pairwise Jaccard distance of category sets over the first {@code length} items. */
  public double byCategory(int[] list, int length) {
    if (length < 2) return 0;
    double sum = 0;
    for (int a = 0; a < length; a++) {
      for (int b = a + 1; b < length; b++) sum += jaccardDistance(categoriesByItem[list[a]], categoriesByItem[list[b]]);
    }
    return sum / ((double) length * (length - 1) / 2);
  }

  /** Mean pairwise cosine distance of embeddings over the first {@code length} items. */
  public double byEmbedding(int[] list, int length) {
    if (embeddingByItem == null) throw new IllegalStateException("no embeddings were given");
    if (length < 2) return 0;
    double sum = 0;
    for (int a = 0; a < length; a++) {
      for (int b = a + 1; b < length; b++) sum += 1 - cosine(embeddingByItem[list[a]], embeddingByItem[list[b]]);
    }
    return sum / ((double) length * (length - 1) / 2);
  }

  static double jaccardDistance(int[] x, int[] y) {
    int nx = x == null ? 0 : x.length;
    int ny = y == null ? 0 : y.length;
    if (nx == 0 && ny == 0) return 0;
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < nx && j < ny) {
      if (x[i] == y[j]) {
        common++;
        i++;
        j++;
      } else if (x[i] < y[j]) {
        i++;
      } else {
        j++;
      }
    }
    return 1 - (double) common / (nx + ny - common);
  }

  static double cosine(float[] x, float[] y) {
    if (x == null || y == null) throw new IllegalArgumentException("an item in the list has no embedding");
    if (x.length != y.length) throw new IllegalArgumentException("embeddings differ in dimension: " + x.length + " vs " + y.length);
    double dot = 0;
    double nx = 0;
    double ny = 0;
    for (int d = 0; d < x.length; d++) {
      dot += x[d] * y[d];
      nx += x[d] * x[d];
      ny += y[d] * y[d];
    }
    if (nx == 0 || ny == 0) return 0;
    return dot / Math.sqrt(nx * ny);
  }
}
