package io.recsys.integration.quality;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Item;
import io.recsys.evaluation.fairness.ExposureCounts;
import io.recsys.evaluation.fairness.Gini;
import io.recsys.evaluation.metrics.AccuracyMetrics;
import io.recsys.evaluation.metrics.IntraListDiversity;
import io.recsys.ranking.api.RankResponse;
import io.recsys.ranking.serve.RankingModel;
import io.recsys.ranking.serve.Ranked;
import io.recsys.rerank.policy.RerankConfig;
import io.recsys.rerank.policy.Slate;
import io.recsys.rerank.policy.SlateInput;
import io.recsys.rerank.policy.SlateReranker;
import io.recsys.rerank.features.Similarity;
import io.recsys.rerank.features.SimilarityVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The re-ranker's offline effect on ml-100k leave-last-out: each test user's ranked list (the published
 * ranker over 100 retrieved candidates) becomes a 10-item slate, as the re-rank service builds it —
 * item embeddings from the published embeddings artefact (what the feature store holds) and genres,
 * turned into similarity vectors by the service's own {@link SimilarityVectors}, primary genre as the
 * category, no feedback counts yet — and is compared with the ranker's own top 10: HR@10,
 * NDCG@10, intra-list diversity (pairwise genre-Jaccard distance), exposure Gini over the catalogue.
 * Stateless apart from what it was built from.
 */
final class RerankQuality {
  static final int SLATE = 10;

  /** One ordering's numbers over the test users. */
  record Numbers(double hr10, double ndcg10, double ild, double gini) {}

  private final Dataset dataset;
  private final float[][] vectorByItem;
  private final int[] primaryCategory;
  private final IntraListDiversity ild;
  private final List<List<String>> genres;

  RerankQuality(CascadeEvaluation eval) throws IOException {
    dataset = eval.dataset();
    ArtifactStore store = new ArtifactStore(eval.artifacts());
    ItemVectors vectors = ItemVectors.read(store.current(CandidateArtifacts.EMBEDDINGS).file(CandidateArtifacts.ITEM_VECTORS_FILE));
    vectorByItem = new float[dataset.items().size()][];
    for (int r = 0; r < vectors.count(); r++) {
      int i = dataset.items().indexOf(vectors.id(r));
      if (i >= 0) vectorByItem[i] = vectors.row(r);
    }
    Map<String, Integer> categories = new HashMap<>();
    primaryCategory = new int[dataset.items().size()];
    for (int i = 0; i < primaryCategory.length; i++) {
      Item meta = dataset.itemMetadata(i);
      primaryCategory[i] = meta == null || meta.categories().isEmpty() ? -1
          : categories.computeIfAbsent(meta.categories().getFirst(), c -> categories.size());
    }
    ild = IntraListDiversity.ofItemCategories(dataset, null);
    genres = new ArrayList<>(dataset.items().size());
    for (int i = 0; i < dataset.items().size(); i++) {
      Item meta = dataset.itemMetadata(i);
      genres.add(meta == null ? List.of() : meta.categories());
    }
  }

  /** The ranker's top 10 (re-ranker off). */
  Numbers rankerOff(CascadeEvaluation.Result r) {
    int[][] lists = new int[r.rankedLists().size()][];
    for (int u = 0; u < lists.length; u++) {
      List<RankResponse.Item> items = r.rankedLists().get(u).items();
      lists[u] = new int[Math.min(SLATE, items.size())];
      for (int k = 0; k < lists[u].length; k++) lists[u][k] = dataset.items().indexOf(items.get(k).itemId());
    }
    return numbers(lists, r.relevant());
  }

  /** Slates of the policy, one seed per user (reproducible). */
  Numbers rerankerOn(CascadeEvaluation.Result r, RerankConfig policy) {
    return rerankerOn(r, policy, Similarity.BOTH);
  }

  /** Slates of the policy, the similarity built as the service builds it ({@link SimilarityVectors}). */
  Numbers rerankerOn(CascadeEvaluation.Result r, RerankConfig policy, Similarity similarity) {
    SlateReranker reranker = new SlateReranker();
    int[][] lists = new int[r.rankedLists().size()][];
    for (int u = 0; u < lists.length; u++) {
      Ranked ranked = r.rankedLists().get(u);
      int n = ranked.items().size();
      int[] itemOf = new int[n];
      List<float[]> embeddings = new ArrayList<>(n);
      List<List<String>> categories = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        int i = dataset.items().indexOf(ranked.items().get(k).itemId());
        itemOf[k] = i;
        embeddings.add(vectorByItem[i]);
        categories.add(genres.get(i));
      }
      SimilarityVectors.Result vectors = SimilarityVectors.of(embeddings, categories, similarity);
      SlateInput in = new SlateInput(vectors.dim());
      for (int k = 0; k < n; k++) {
        RankResponse.Item it = ranked.items().get(k);
        in.add(it.itemId(), it.score(), it.tasks().get(RankingModel.CLICK), primaryCategory[itemOf[k]], vectors.vectors()[k], 0, 0, 1.0);
      }
      Slate slate = reranker.rerank(in, SLATE, policy, 1_000_003L * u + 17);
      lists[u] = new int[slate.items().length];
      for (int k = 0; k < lists[u].length; k++) lists[u][k] = itemOf[slate.items()[k]];
    }
    return numbers(lists, r.relevant());
  }

  private Numbers numbers(int[][] lists, List<int[]> relevant) {
    double hr = 0, ndcg = 0, div = 0;
    for (int u = 0; u < lists.length; u++) {
      hr += AccuracyMetrics.hitRate(lists[u], lists[u].length, SLATE, relevant.get(u));
      ndcg += AccuracyMetrics.ndcg(lists[u], lists[u].length, SLATE, relevant.get(u));
      div += ild.byCategory(lists[u], lists[u].length);
    }
    double gini = new Gini().score(ExposureCounts.from(lists, dataset.items().size())).original().orElse(Double.NaN);
    return new Numbers(hr / lists.length, ndcg / lists.length, div / lists.length, gini);
  }
}
