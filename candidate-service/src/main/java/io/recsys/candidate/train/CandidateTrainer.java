package io.recsys.candidate.train;

import io.recsys.candidate.embed.AlsModel;
import io.recsys.candidate.embed.ImplicitAls;
import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.embed.UserFoldIn;
import io.recsys.candidate.index.ExactItemIndex;
import io.recsys.candidate.index.HnswItemIndex;
import io.recsys.candidate.index.ItemIndex;
import io.recsys.candidate.model.MainIndex;
import io.recsys.candidate.interest.InterestClusters;
import io.recsys.candidate.interest.SphericalKMeans;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.model.ItemCatalog;
import io.recsys.candidate.model.Popularity;
import io.recsys.candidate.pi2i.ItemToItemIndex;
import io.recsys.candidate.pi2i.PairFeatures;
import io.recsys.candidate.pi2i.PairScorer;
import io.recsys.candidate.pi2i.PairScorerTrainer;
import io.recsys.candidate.pi2i.Pi2iRetriever;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.util.function.Function;

/**
 * Trains every retrieval component in memory from one set of interactions and assembles a
 * {@link CandidateModel} (the main index {@link MainIndex#AUTO} picks, exact search for filtered requests): what the
 * training-candidates stage uses for its point-in-time window models, and what offline evaluation
 * trains on a split's training part. The published path ({@link TrainCommand}) runs the same steps
 * as separate stages so each can be skipped. Stateless.
 */
public final class CandidateTrainer {
  private CandidateTrainer() {}

  /** Every trained component, for callers that need more than the assembled model. */
  public record Trained(AlsModel als, InterestClusters clusters, ItemToItemIndex i2i, PairScorer scorer,
      Popularity popularity, CandidateModel model) {}

  /**
   * @param progressOf a progress listener per step name ({@code embeddings}, {@code clusters}, ...)
   */
  public static Trained train(String version, UserSequences interactions, ItemCatalog catalog,
      CandidateTrainingConfig config, Function<String, Progress> progressOf) {
    AlsModel als = new ImplicitAls(config.als()).fit(interactions, catalog.ids(), progressOf.apply("embeddings"));
    ItemVectors normalised = als.items().normalised();
    InterestClusters clusters = new SphericalKMeans(config.kmeans()).fit(normalised, progressOf.apply("clusters"));
    int[] clusterOfRow = CandidateModel.clusterOfRow(clusters);
    // The main index the service would serve this catalogue with (MainIndex.AUTO, measured).
    ItemIndex main = MainIndex.AUTO.exactFor(normalised.count())
        ? new ExactItemIndex(normalised, clusterOfRow, catalog.categoriesByRow())
        : HnswItemIndex.build(normalised, clusterOfRow, config.hnsw(), progressOf.apply("ann-index"));
    ItemToItemIndex i2i = ItemToItemIndex.build(interactions, config.i2i(), progressOf.apply("i2i"));
    PairScorer scorer = pairScorer(interactions, i2i, normalised, clusterOfRow, clusters.clusterCount(), config,
        progressOf.apply("pi2i-scorer")).scorer();
    Popularity popularity = Popularity.of(interactions, config.popularityHalfLifeDays());
    CandidateModel model = assemble(version, als.items(), normalised, catalog, clusters, main, i2i, scorer, popularity,
        config);
    return new Trained(als, clusters, i2i, scorer, popularity, model);
  }

  /** A trained pair scorer, or the i2i-score-only scorer when the data held nothing to learn from. */
  public record ScorerResult(PairScorer scorer, boolean fallback, String why) {}

  /**
   * Trains the PI2I pair scorer. On data too small to hold a single positive pair (no user's next item
   * in their triggers' lists) it falls back to ranking by i2i score alone, with the reason, rather
   * than failing the whole training run: a tiny catalogue still gets a working PI2I source.
   */
  public static ScorerResult pairScorer(UserSequences interactions, ItemToItemIndex i2i, ItemVectors normalised,
      int[] clusterOfRow, int clusterCount, CandidateTrainingConfig config, Progress progress) {
    try {
      return new ScorerResult(PairScorerTrainer.train(interactions, i2i, normalised, clusterOfRow, clusterCount,
          config.scorer(), progress), false, null);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("no training positives")) throw e;
      return new ScorerResult(PairScorer.singleFeature(PairFeatures.I2I_SCORE), true, e.getMessage());
    }
  }

  /** A model from trained parts, with exact search serving filtered requests. */
  public static CandidateModel assemble(String version, ItemVectors raw, ItemVectors normalised, ItemCatalog catalog,
      InterestClusters clusters, ItemIndex mainIndex, ItemToItemIndex i2i, PairScorer scorer, Popularity popularity,
      CandidateTrainingConfig config) {
    int[] clusterOfRow = CandidateModel.clusterOfRow(clusters);
    Pi2iRetriever pi2i = new Pi2iRetriever(i2i, scorer, normalised, clusterOfRow, clusters.clusterCount(),
        popularity.engagements(), config.scorer().triggers());
    UserFoldIn foldIn = new UserFoldIn(raw, config.als().regularization(), config.als().alpha());
    return CandidateModel.withExactFilters(version, normalised, catalog, clusters, mainIndex, foldIn, config.mixture(), pi2i,
        popularity);
  }
}
