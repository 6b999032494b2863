package io.recsys.candidate.train;

import io.recsys.candidate.embed.AlsConfig;
import io.recsys.candidate.index.HnswConfig;
import io.recsys.candidate.index.LuceneIndexConfig;
import io.recsys.candidate.interest.KMeansConfig;
import io.recsys.candidate.interest.MixtureConfig;
import io.recsys.candidate.model.Popularity;
import io.recsys.candidate.pi2i.I2iConfig;
import io.recsys.candidate.pi2i.PairScorerTrainer;
import java.util.Objects;

/**
 * The configuration of every candidate stage of {@code ./recsys train}. Each part's {@code toString()}
 * is that stage's recorded configuration: a change to one part retrains that stage and what depends
 * on it, nothing else. Immutable.
 *
 * @param window M: each user's last M interactions get training candidates for the ranker, retrieved
 *     by models that never saw them
 * @param trainingCandidates candidates retrieved per training example
 */
public record CandidateTrainingConfig(AlsConfig als, KMeansConfig kmeans, MixtureConfig mixture, HnswConfig hnsw,
    LuceneIndexConfig lucene, I2iConfig i2i, PairScorerTrainer.Config scorer, double popularityHalfLifeDays,
    int window, int trainingCandidates) {
  public static final int DEFAULT_WINDOW = 5;
  public static final int DEFAULT_TRAINING_CANDIDATES = 100;

  public CandidateTrainingConfig {
    Objects.requireNonNull(als, "als");
    Objects.requireNonNull(kmeans, "kmeans");
    Objects.requireNonNull(mixture, "mixture");
    Objects.requireNonNull(hnsw, "hnsw");
    Objects.requireNonNull(lucene, "lucene");
    Objects.requireNonNull(i2i, "i2i");
    Objects.requireNonNull(scorer, "scorer");
    if (!(popularityHalfLifeDays > 0)) throw new IllegalArgumentException("popularityHalfLifeDays must be > 0: " + popularityHalfLifeDays);
    if (window < 1) throw new IllegalArgumentException("window must be >= 1: " + window);
    if (trainingCandidates < 1) throw new IllegalArgumentException("trainingCandidates must be >= 1: " + trainingCandidates);
  }

  public static CandidateTrainingConfig defaults() {
    return new CandidateTrainingConfig(AlsConfig.defaults(), KMeansConfig.defaults(), MixtureConfig.defaults(),
        HnswConfig.defaults(), LuceneIndexConfig.defaults(), I2iConfig.defaults(), PairScorerTrainer.Config.defaults(),
        Popularity.DEFAULT_HALF_LIFE_DAYS, DEFAULT_WINDOW, DEFAULT_TRAINING_CANDIDATES);
  }

  public CandidateTrainingConfig withWindow(int m) {
    return new CandidateTrainingConfig(als, kmeans, mixture, hnsw, lucene, i2i, scorer, popularityHalfLifeDays, m, trainingCandidates);
  }

  public CandidateTrainingConfig withTrainingCandidates(int n) {
    return new CandidateTrainingConfig(als, kmeans, mixture, hnsw, lucene, i2i, scorer, popularityHalfLifeDays, window, n);
  }

  public CandidateTrainingConfig withAls(AlsConfig a) {
    return new CandidateTrainingConfig(a, kmeans, mixture, hnsw, lucene, i2i, scorer, popularityHalfLifeDays, window, trainingCandidates);
  }

  public CandidateTrainingConfig withKMeans(KMeansConfig k) {
    return new CandidateTrainingConfig(als, k, mixture, hnsw, lucene, i2i, scorer, popularityHalfLifeDays, window, trainingCandidates);
  }
}
