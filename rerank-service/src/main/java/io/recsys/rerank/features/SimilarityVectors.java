package io.recsys.rerank.features;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the per-item vectors whose cosine is the re-ranker's similarity, for one request: the item
 * embeddings, multi-hot category vectors over the categories of the request's items, or both
 * concatenated (each part unit length times 1/√2, so the cosine of two items with both parts is the
 * mean of the embedding cosine and the category cosine). Why categories at all: shops and media sites
 * judge a slate's variety by its categories, and on ml-100k the embedding alone moved genre
 * diversity far less than the categories did at the same accuracy (rerank-service/README.md).
 * Stateless.
 */
public final class SimilarityVectors {
  private static final float HALF = (float) Math.sqrt(0.5);

  /**
   * @param vectors per item its vector (null when nothing is known of it: similarity 0 to everything)
   * @param dim the vectors' length (0 when no item has one)
   */
  public record Result(float[][] vectors, int dim) {}

  private SimilarityVectors() {}

  /**
   * @param embeddings per item its embedding, or null/empty when unknown; those of another length than
   *     the first known one are treated as unknown
   * @param categories per item its categories (null or empty: none)
   */
  public static Result of(List<float[]> embeddings, List<List<String>> categories, Similarity similarity) {
    int n = embeddings.size();
    if (categories.size() != n) throw new IllegalArgumentException(n + " embeddings but " + categories.size() + " category lists");
    int embDim = 0;
    if (similarity != Similarity.CATEGORIES) {
      for (float[] e : embeddings) {
        if (e != null && e.length > 0) {
          embDim = e.length;
          break;
        }
      }
    }
    Map<String, Integer> vocabulary = new HashMap<>();
    if (similarity != Similarity.EMBEDDING) {
      for (List<String> cs : categories) if (cs != null) for (String c : cs) vocabulary.putIfAbsent(c, vocabulary.size());
    }
    int catDim = vocabulary.size();
    int dim = embDim + catDim;
    float[][] out = new float[n][];
    if (dim == 0) return new Result(out, 0);
    boolean both = similarity == Similarity.BOTH;
    for (int i = 0; i < n; i++) {
      float[] e = embeddings.get(i);
      boolean hasEmbedding = embDim > 0 && e != null && e.length == embDim && norm(e, 0, embDim) > 0;
      List<String> cs = categories.get(i);
      boolean hasCategories = catDim > 0 && cs != null && !cs.isEmpty();
      if (!hasEmbedding && !hasCategories) continue;
      float[] v = new float[dim];
      if (hasEmbedding) {
        double norm = norm(e, 0, embDim);
        float scale = (float) ((both ? HALF : 1f) / norm);
        for (int d = 0; d < embDim; d++) v[d] = e[d] * scale;
      }
      if (hasCategories) {
        int distinct = 0;
        for (String c : cs) {
          int k = embDim + vocabulary.get(c);
          if (v[k] == 0) distinct++;
          v[k] = 1f;
        }
        float scale = (float) ((both ? HALF : 1f) / Math.sqrt(distinct));
        for (int d = embDim; d < dim; d++) v[d] *= scale;
      }
      out[i] = v;
    }
    return new Result(out, dim);
  }

  private static double norm(float[] v, int from, int to) {
    double s = 0;
    for (int d = from; d < to; d++) s += (double) v[d] * v[d];
    return Math.sqrt(s);
  }
}
