package io.recsys.candidate.model;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.embed.UserFoldIn;
import io.recsys.candidate.index.ExactItemIndex;
import io.recsys.candidate.index.ItemIndex;
import io.recsys.candidate.interest.InterestClusters;
import io.recsys.candidate.interest.MixtureConfig;
import io.recsys.candidate.pi2i.Pi2iRetriever;
import java.util.Objects;

/**
 * Everything retrieval reads, from one consistent training run: the normalised item vectors and the
 * catalogue (ids, categories), the interest clusters, the main ANN index (hnswlib, one graph per
 * cluster plus a global one), the filtered index (Lucene, for requests with category filters; the
 * exact index stands in where no Lucene index was built, e.g. in offline evaluation), the user fold-in,
 * the PI2I retriever and popularity. Built by the trainer in memory or by {@link CandidateModelLoader}
 * from a published bundle. Immutable and thread-safe; {@link #close()} releases the indexes.
 *
 * @param version the bundle version it came from (the {@code modelVersion} of responses)
 */
public record CandidateModel(String version, ItemVectors vectors, ItemCatalog catalog, InterestClusters clusters,
    int[] clusterOfRow, ItemIndex mainIndex, ItemIndex filteredIndex, UserFoldIn foldIn, MixtureConfig mixtureConfig,
    Pi2iRetriever pi2i, Popularity popularity) implements AutoCloseable {

  public CandidateModel {
    Objects.requireNonNull(version, "version");
    int n = vectors.count();
    if (catalog.size() != n || clusters.itemCount() != n || clusterOfRow.length != n || popularity.size() != n) {
      throw new IllegalArgumentException("components disagree on the item count: vectors " + n + ", catalogue "
          + catalog.size() + ", clusters " + clusters.itemCount() + ", popularity " + popularity.size());
    }
    if (mainIndex.size() != n || filteredIndex.size() != n) {
      throw new IllegalArgumentException("indexes hold " + mainIndex.size() + " and " + filteredIndex.size()
          + " items, the vectors " + n);
    }
  }

  /** A model whose filtered index is the exact one (offline evaluation, training candidates, tests). */
  public static CandidateModel withExactFilters(String version, ItemVectors normalised, ItemCatalog catalog,
      InterestClusters clusters, ItemIndex mainIndex, UserFoldIn foldIn, MixtureConfig mixtureConfig,
      Pi2iRetriever pi2i, Popularity popularity) {
    int[] clusterOfRow = clusterOfRow(clusters);
    return new CandidateModel(version, normalised, catalog, clusters, clusterOfRow, mainIndex,
        new ExactItemIndex(normalised, clusterOfRow, catalog.categoriesByRow()), foldIn, mixtureConfig, pi2i, popularity);
  }

  public static int[] clusterOfRow(InterestClusters clusters) {
    int[] out = new int[clusters.itemCount()];
    for (int i = 0; i < out.length; i++) out[i] = clusters.cluster(i);
    return out;
  }

  public int clusterCount() {
    return clusters.clusterCount();
  }

  @Override
  public void close() {
    mainIndex.close();
    filteredIndex.close();
  }
}
