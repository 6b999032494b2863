package io.recsys.candidate.testing;

import io.recsys.candidate.model.ItemCatalog;
import io.recsys.candidate.train.CandidateTrainer;
import io.recsys.candidate.train.CandidateTrainingConfig;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;

/**
 * One model trained on {@link PlantedData#standard()} with small settings, shared by the tests of a JVM
 * (training is deterministic, so sharing changes nothing but time). Read-only for tests.
 */
public final class TrainedFixture {
  public final Dataset dataset;
  public final UserSequences sequences;
  public final ItemCatalog catalog;
  public final CandidateTrainer.Trained trained;
  public final CandidateTrainingConfig config;

  private static TrainedFixture instance;

  private TrainedFixture() {
    PlantedData planted = PlantedData.standard();
    dataset = planted.dataset();
    sequences = PlantedData.sequences(dataset);
    catalog = ItemCatalog.of(dataset);
    config = smallConfig();
    trained = CandidateTrainer.train("fixture", sequences, catalog, config, step -> Progress.NONE);
  }

  public static synchronized TrainedFixture get() {
    if (instance == null) instance = new TrainedFixture();
    return instance;
  }

  public static CandidateTrainingConfig smallConfig() {
    CandidateTrainingConfig d = CandidateTrainingConfig.defaults();
    return d.withAls(d.als().withDim(16).withIterations(8)).withKMeans(d.kmeans().withClusters(4)).withTrainingCandidates(20);
  }
}
