package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairScorerTrainerTest {
  private static final PairScorerTrainer.Config CONFIG = PairScorerTrainer.Config.defaults();

  /** One generated example, copied out of the generator's scratch. */
  record Example(int user, int position, int trigger, int target, boolean positive, float[] features,
      int[] history) {}

  private static List<Example> examples(UserSequences seqs, ItemToItemIndex i2i, ItemVectors v, int[] clusters,
      int clusterCount, int user) {
    List<Example> out = new ArrayList<>();
    new TrainingExamples(seqs, i2i, v, clusters, clusterCount, CONFIG).newGenerator().forUser(user,
        (u, p, t, j, positive, f, ctx) -> {
          int[] history = new int[ctx.historyLength()];
          for (int k = 0; k < history.length; k++) history[k] = ctx.historyRow(k);
          out.add(new Example(u, p, t, j, positive, f.clone(), history));
        });
    return out;
  }

  @Test
  void personalisedScorerBeatsI2iScoreAndCosineAloneOnHeldOutUsers() {
    // Users engage mostly their dominant cluster, with popular items more often: neither the i2i
    // score nor the user-target cosine knows both, the trained scorer combines them.
    Generated world = new Generated(31, 600, 160, 4, 30, 0.7);
    ItemToItemIndex i2i = ItemToItemIndex.build(world.sequences, I2iConfig.defaults().withListLength(30), Progress.NONE);
    PairScorerTrainer.Report r = PairScorerTrainer.trainWithReport(world.sequences, i2i, world.vectors,
        world.clusterOfRow, world.clusters, CONFIG, Progress.NONE);
    assertThat(r.heldOutUsers()).isBetween(30, 90);
    assertThat(r.trainPositives()).isPositive();
    assertThat(r.trainExamples()).isGreaterThan(3 * r.trainPositives());
    assertThat(r.heldOutAuc()).isGreaterThan(r.i2iScoreOnlyAuc() + 0.02).isGreaterThan(r.cosineOnlyAuc() + 0.02);
    assertThat(r.scorer().weight(PairFeatures.COS_USER_TARGET)).isPositive();
  }

  @Test
  void trainingIsDeterministicForASeed() {
    Generated world = new Generated(32, 150, 80, 4, 20, 0.7);
    ItemToItemIndex i2i = ItemToItemIndex.build(world.sequences, I2iConfig.defaults().withListLength(20), Progress.NONE);
    PairScorer a = PairScorerTrainer.train(world.sequences, i2i, world.vectors, world.clusterOfRow, world.clusters,
        CONFIG, Progress.NONE);
    PairScorer b = PairScorerTrainer.train(world.sequences, i2i, world.vectors, world.clusterOfRow, world.clusters,
        CONFIG, Progress.NONE);
    PairScorer other = PairScorerTrainer.train(world.sequences, i2i, world.vectors, world.clusterOfRow, world.clusters,
        CONFIG.withSeed(7), Progress.NONE);
    for (int k = 0; k < PairFeatures.COUNT; k++) assertThat(b.weight(k)).isEqualTo(a.weight(k));
    assertThat(b.bias()).isEqualTo(a.bias());
    boolean differs = false;
    for (int k = 0; k < PairFeatures.COUNT; k++) differs |= other.weight(k) != a.weight(k);
    assertThat(differs).isTrue();
  }

  @Test
  void examplesSeeOnlyTheItemsBeforeTheirTarget() {
    Generated world = new Generated(33, 120, 60, 3, 25, 0.7);
    UserSequences seqs = world.sequences;
    ItemToItemIndex i2i = ItemToItemIndex.build(seqs, I2iConfig.defaults().withListLength(15), Progress.NONE);
    int checked = 0;
    for (int u = 0; u < 10; u++) {
      int[] items = seqs.items(u);
      for (Example e : examples(seqs, i2i, world.vectors, world.clusterOfRow, world.clusters, u)) {
        int p = e.position();
        assertThat(p).isGreaterThanOrEqualTo(TrainingExamples.SKIPPED_POSITIONS);
        // The context is exactly the prefix, newest first: never the target, never later items.
        assertThat(e.history()).hasSize(Math.min(p, TrainingExamples.HISTORY_ITEMS));
        for (int k = 0; k < e.history().length; k++) assertThat(e.history()[k]).isEqualTo(items[p - 1 - k]);
        int triggerAt = -1;
        for (int q = 0; q < items.length; q++) if (items[q] == e.trigger()) triggerAt = q;
        assertThat(triggerAt).isBetween(p - CONFIG.triggers(), p - 1);
        if (e.positive()) {
          assertThat(e.target()).isEqualTo(items[p]);
        } else {
          for (int item : items) assertThat(e.target()).isNotEqualTo(item); // never engaged, before or after
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void changingLaterItemsChangesNoEarlierExample() {
    // Same lists, same engaged set; only the order after position 12 differs.
    int[] original = {0, 5, 9, 13, 17, 21, 25, 29, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7};
    int[] reordered = original.clone();
    for (int i = 13, j = original.length - 1; i < j; i++, j--) {
      int tmp = reordered[i];
      reordered[i] = reordered[j];
      reordered[j] = tmp;
    }
    Generated world = new Generated(34, 80, 40, 4, 15, 0.7);
    int[][] users = new int[world.sequences.userCount() + 1][];
    for (int u = 0; u < users.length - 1; u++) users[u] = world.sequences.items(u);
    users[users.length - 1] = original;
    UserSequences a = Sequences.of(40, users);
    users[users.length - 1] = reordered;
    UserSequences b = Sequences.of(40, users);
    ItemToItemIndex i2i = ItemToItemIndex.build(a, I2iConfig.defaults().withListLength(20), Progress.NONE);
    int user = users.length - 1;
    List<Example> before = examples(a, i2i, world.vectors, world.clusterOfRow, world.clusters, user);
    List<Example> after = examples(b, i2i, world.vectors, world.clusterOfRow, world.clusters, user);
    List<Example> early = before.stream().filter(e -> e.position() <= 12).toList();
    assertThat(early).isNotEmpty();
    List<Example> earlyAfter = after.stream().filter(e -> e.position() <= 12).toList();
    assertThat(earlyAfter).hasSameSizeAs(early);
    for (int i = 0; i < early.size(); i++) {
      Example x = early.get(i);
      Example y = earlyAfter.get(i);
      assertThat(y.position()).isEqualTo(x.position());
      assertThat(y.trigger()).isEqualTo(x.trigger());
      assertThat(y.target()).isEqualTo(x.target());
      assertThat(y.positive()).isEqualTo(x.positive());
      assertThat(y.features()).containsExactly(x.features());
    }
  }

  @Test
  void theUsersOwnCoEngagementIsTakenOutOfThePositive() {
    // u0 = 0,1,2,3: at position 3 the target is 3 and the triggers 2, 1, 0. Pair (2,3) is also
    // co-engaged by u1 and u2; (1,3) and (0,3) only by u0, so serving would never list them.
    UserSequences seqs = Sequences.of(6, new int[] {0, 1, 2, 3}, new int[] {2, 3}, new int[] {2, 3, 4},
        new int[] {4, 5, 0});
    ItemToItemIndex i2i = ItemToItemIndex.build(seqs, I2iConfig.defaults().withMethod(I2iMethod.COOCCURRENCE)
        .withCooccurrenceWindow(0), Progress.NONE);
    ItemVectors v = new ItemVectors(new String[] {"0", "1", "2", "3", "4", "5"}, 1, new float[] {1, 1, 1, 1, 1, 1});
    List<Example> all = examples(seqs, i2i, v, new int[6], 1, 0);
    List<Example> positives = all.stream().filter(Example::positive).toList();
    assertThat(positives).hasSize(1);
    Example e = positives.getFirst();
    assertThat(e.trigger()).isEqualTo(2);
    // Without u0: pair (2,3) has 2 users, items 2 and 3 have 2 users each -> cosine 2 / sqrt(2 * 2) = 1.
    assertThat(e.features()[PairFeatures.LOG_COUNT]).isCloseTo((float) Math.log1p(2), within(1e-6f));
    assertThat(e.features()[PairFeatures.I2I_SCORE]).isCloseTo(1f, within(1e-6f));
    assertThat(e.features()[PairFeatures.TRIGGER_SUPPORT]).isEqualTo(1f);
    assertThat(e.features()[PairFeatures.LOG_RANK]).isZero();
    assertThat(e.features()[PairFeatures.LOG_POPULARITY]).isCloseTo((float) Math.log1p(2), within(1e-6f));
    // The stored list still carries u0: 3 users, cosine 3 / sqrt(3 * 3).
    assertThat(i2i.count(2, i2i.positionOf(2, 3))).isEqualTo(3);
  }

  @Test
  void refusesListsBuiltFromOtherInteractions() {
    Generated world = new Generated(35, 60, 40, 4, 15, 0.7);
    ItemToItemIndex i2i = ItemToItemIndex.build(world.sequences.withoutLast(1), I2iConfig.defaults(), Progress.NONE);
    assertThatThrownBy(() -> PairScorerTrainer.train(world.sequences, i2i, world.vectors, world.clusterOfRow,
        world.clusters, CONFIG, Progress.NONE)).hasMessageContaining("built from");
  }

  @Test
  void configRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> CONFIG.withTriggers(0)).hasMessageContaining("triggers");
    assertThatThrownBy(() -> CONFIG.withSameListNegatives(-1)).hasMessageContaining("sameListNegatives");
    assertThatThrownBy(() -> CONFIG.withSameListNegatives(0).withRandomNegatives(0)).hasMessageContaining("negatives");
    assertThatThrownBy(() -> CONFIG.withEpochs(0)).hasMessageContaining("epochs");
    assertThatThrownBy(() -> CONFIG.withLearningRate(0)).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> CONFIG.withL2(-1)).hasMessageContaining("l2");
  }

  @Test
  void aucCountsTiesAsHalf() {
    assertThat(Auc.of(new float[] {1, 2, 3, 4}, new byte[] {0, 0, 1, 1}, 4)).isEqualTo(1.0);
    assertThat(Auc.of(new float[] {4, 3, 2, 1}, new byte[] {0, 0, 1, 1}, 4)).isEqualTo(0.0);
    assertThat(Auc.of(new float[] {1, 1, 1, 1}, new byte[] {0, 1, 0, 1}, 4)).isEqualTo(0.5);
    assertThat(Auc.of(new float[] {1, 2, 2, 3}, new byte[] {0, 1, 0, 1}, 4)).isEqualTo(0.875);
    assertThat(Auc.of(new float[] {1, 2}, new byte[] {1, 1}, 2)).isNaN();
  }
}
