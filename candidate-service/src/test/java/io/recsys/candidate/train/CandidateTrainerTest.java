package io.recsys.candidate.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.testing.PlantedData;
import io.recsys.candidate.testing.TrainedFixture;
import io.recsys.core.train.Progress;
import org.junit.jupiter.api.Test;

class CandidateTrainerTest {
  @Test
  void aCatalogueTooSmallToLearnPairsFromStillTrainsWithTheI2iScoreAlone() {
    // Two clicks per user: no user has a next item after their triggers, so no positive pair exists.
    PlantedData tiny = new PlantedData(2, 5, 20, 2, 3);
    var data = tiny.dataset();
    CandidateTrainer.Trained t = CandidateTrainer.train("tiny", PlantedData.sequences(data), io.recsys.candidate.model.ItemCatalog.of(data),
        TrainedFixture.smallConfig(), s -> Progress.NONE);
    assertThat(t.model().catalog().size()).isEqualTo(10);
  }

  @Test
  void theFixtureLearnsARealScorer() {
    TrainedFixture f = TrainedFixture.get();
    CandidateTrainer.ScorerResult r = CandidateTrainer.pairScorer(f.sequences, f.trained.i2i(),
        f.trained.model().vectors(), f.trained.model().clusterOfRow(), f.trained.model().clusterCount(), f.config, Progress.NONE);
    assertThat(r.fallback()).isFalse();
  }
}
