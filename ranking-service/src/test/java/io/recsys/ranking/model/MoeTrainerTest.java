package io.recsys.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoeTrainerTest {
  private static final MoeArchitecture A = new MoeArchitecture(4, 8, 5, 8, 3, 16, 8, 4);
  private static final RankingExamples TRAIN = SyntheticRanking.generate(A, 400, 20, 1);
  private static final RankingExamples VALIDATION = SyntheticRanking.generate(A, 150, 20, 2);

  @Test
  void learnsLabelsThatDependOnDenseFeaturesAndBehaviourSimilarity() {
    MoeTrainingConfig cfg = MoeTrainingConfig.defaults().withEpochs(6).withBatchSize(128).withLearningRate(5e-3).withThreads(2);
    List<long[]> updates = new ArrayList<>();
    MoeTrainer.Result r = new MoeTrainer().fit(A, TRAIN, VALIDATION, cfg, (done, total) -> updates.add(new long[] {done, total}));

    float[] pClick = new float[VALIDATION.size()];
    int[] all = TinyExamples.identity(VALIDATION.size());
    MoeParameters init = MoeParameters.initial(A, cfg.seed(), 0.3, 0.1);
    MoeNetwork.predictionLoss(init, VALIDATION, all, 0, all.length, pClick, null);
    double initAuc = Auc.of(pClick, VALIDATION.click(), VALIDATION.size());
    double bestAuc = r.validationAucClick()[r.bestEpoch()];

    assertThat(bestAuc).isGreaterThan(0.8).isGreaterThan(initAuc + 0.1);
    assertThat(r.validationAucEngage()[r.bestEpoch()]).isGreaterThan(0.75);
    assertThat(r.validationLoss()[r.bestEpoch()]).isLessThan(r.validationLoss()[0] + 1e-12);
    assertThat(r.trainLoss()[r.trainLoss().length - 1]).isLessThan(r.trainLoss()[0]);
    assertThat(updates).hasSize(r.trainLoss().length);
    assertThat(updates.getLast()[1]).isEqualTo(6);
    // The kept parameters are the best epoch's: re-evaluating them reproduces its validation loss.
    double again = MoeNetwork.predictionLoss(r.best(), VALIDATION, all, 0, all.length, null, null);
    assertThat(again).isCloseTo(r.validationLoss()[r.bestEpoch()], org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void sameSeedGivesIdenticalParametersWhateverTheThreadCount() {
    RankingExamples train = TRAIN.subset(TinyExamples.identity(120)), validation = VALIDATION.subset(TinyExamples.identity(40));
    MoeTrainingConfig cfg = MoeTrainingConfig.defaults().withEpochs(2).withBatchSize(200).withContrastive(true);
    MoeTrainer.Result a = new MoeTrainer().fit(A, train, validation, cfg.withThreads(2), (d, t) -> {});
    MoeTrainer.Result b = new MoeTrainer().fit(A, train, validation, cfg.withThreads(2), (d, t) -> {});
    MoeTrainer.Result c = new MoeTrainer().fit(A, train, validation, cfg.withThreads(3), (d, t) -> {});
    MoeTrainer.Result other = new MoeTrainer().fit(A, train, validation, cfg.withThreads(2).withSeed(43), (d, t) -> {});
    for (String name : a.best().tensors().keySet()) {
      assertThat(b.best().tensors().get(name)).as(name).containsExactly(a.best().tensors().get(name));
      assertThat(c.best().tensors().get(name)).as(name).containsExactly(a.best().tensors().get(name));
    }
    assertThat(b.trainLoss()).containsExactly(a.trainLoss());
    assertThat(other.best().expertW1).isNotEqualTo(a.best().expertW1);
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBest() {
    // A learning rate this large overshoots after the first epochs, so validation loss stops improving.
    RankingExamples train = TRAIN.subset(TinyExamples.identity(60)), validation = VALIDATION.subset(TinyExamples.identity(30));
    MoeTrainingConfig cfg = MoeTrainingConfig.defaults().withEpochs(30).withBatchSize(64).withLearningRate(0.05).withThreads(1);
    MoeTrainer.Result r = new MoeTrainer().fit(A, train, validation, cfg, (d, t) -> {});
    int epochs = r.validationLoss().length;
    assertThat(epochs).isLessThan(30);
    assertThat(epochs - 1 - r.bestEpoch()).isEqualTo(cfg.patience());
    for (double v : r.validationLoss()) assertThat(v).isGreaterThanOrEqualTo(r.validationLoss()[r.bestEpoch()]);
  }

  @Test
  void settingsAreValidatedByName() {
    assertThatThrownBy(() -> MoeTrainingConfig.defaults().withBatchSize(0)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> MoeTrainingConfig.defaults().withPatience(0)).hasMessageContaining("patience");
    assertThatThrownBy(() -> new RankingLoss(0.01, true, 1.0, 0.2, 0.05)).hasMessageContaining("maskRate");
    assertThatThrownBy(() -> new RankingLoss(0.01, true, 0.3, 0, 0.05)).hasMessageContaining("temperature");
  }
}
