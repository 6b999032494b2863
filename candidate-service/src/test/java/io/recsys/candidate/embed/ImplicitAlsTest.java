package io.recsys.candidate.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.evaluation.split.UserSequences;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {
  private static final int GROUPS = 4;
  private static final int ITEMS_PER_GROUP = 40;
  private static final int ITEMS = GROUPS * ITEMS_PER_GROUP;
  private static final int USERS = 200;
  private static final int TRAIN_PER_USER = 16;
  private static final AlsConfig SMALL = AlsConfig.defaults().withDim(8).withIterations(10).withThreads(2);

  /** Each user's first TRAIN_PER_USER planted items; the next one is held out. */
  private static int[][] histories;
  private static UserSequences train;

  private static synchronized UserSequences train() {
    if (train == null) {
      histories = Interactions.groupHistories(GROUPS, ITEMS_PER_GROUP, USERS, TRAIN_PER_USER + 1, 7);
      int[][] firsts = new int[USERS][];
      for (int u = 0; u < USERS; u++) firsts[u] = Arrays.copyOf(histories[u], TRAIN_PER_USER);
      train = Interactions.sequences(firsts, ITEMS);
    }
    return train;
  }

  @Test
  void recoversPlantedGroupsInItemNeighbourhoods() {
    AlsModel model = new ImplicitAls(SMALL).fit(train(), Interactions.itemIds(ITEMS), (d, t) -> {});
    ItemVectors unit = model.items().normalised();
    int sameGroup = 0;
    for (int i = 0; i < ITEMS; i++) {
      int best = -1;
      float bestSim = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < ITEMS; j++) {
        if (j == i) continue;
        float s = unit.dot(j, unit.row(i));
        if (s > bestSim) {
          bestSim = s;
          best = j;
        }
      }
      if (best / ITEMS_PER_GROUP == i / ITEMS_PER_GROUP) sameGroup++;
    }
    // Chance would put a quarter of the nearest neighbours in the same group.
    assertThat(sameGroup).as("items whose nearest neighbour is in their own group").isGreaterThanOrEqualTo(ITEMS * 95 / 100);
  }

  @Test
  void ranksTheHeldOutItemOfTheUsersGroupHigh() {
    train();
    AlsModel model = new ImplicitAls(SMALL).fit(train, Interactions.itemIds(ITEMS), (d, t) -> {});
    int unseenInGroup = ITEMS_PER_GROUP - TRAIN_PER_USER;
    int hits = 0;
    for (int u = 0; u < USERS; u++) {
      float[] x = model.userVector(u);
      int heldOut = histories[u][TRAIN_PER_USER];
      float target = model.items().dot(heldOut, x);
      boolean[] seen = new boolean[ITEMS];
      for (int i : train.items(u)) seen[i] = true;
      int better = 0;
      for (int i = 0; i < ITEMS; i++) if (!seen[i] && i != heldOut && model.items().dot(i, x) > target) better++;
      if (better < unseenInGroup) hits++;
    }
    // The held-out item competes with 144 unseen items; ranking it among the 24 unseen items of the
    // user's group happens by chance for about 17% of users.
    assertThat(hits).as("users whose held-out item ranks inside their group's unseen items").isGreaterThanOrEqualTo(USERS * 95 / 100);
  }

  @Test
  void givesBitIdenticalFactorsForAnyThreadCount() {
    AlsModel one = new ImplicitAls(SMALL.withThreads(1)).fit(train(), Interactions.itemIds(ITEMS), (d, t) -> {});
    AlsModel three = new ImplicitAls(SMALL.withThreads(3)).fit(train(), Interactions.itemIds(ITEMS), (d, t) -> {});
    assertThat(three.items().data()).isEqualTo(one.items().data());
    assertThat(three.userFactors()).isEqualTo(one.userFactors());
  }

  @Test
  void anotherSeedGivesOtherFactors() {
    AlsModel a = new ImplicitAls(SMALL).fit(train(), Interactions.itemIds(ITEMS), (d, t) -> {});
    AlsModel b = new ImplicitAls(SMALL.withSeed(43)).fit(train(), Interactions.itemIds(ITEMS), (d, t) -> {});
    assertThat(b.items().data()).isNotEqualTo(a.items().data());
  }

  @Test
  void foldInReproducesTheFittedUserVectorWhateverTheHistoryOrder() {
    AlsModel model = new ImplicitAls(SMALL).fit(train(), Interactions.itemIds(ITEMS), (d, t) -> {});
    UserFoldIn foldIn = UserFoldIn.of(model);
    for (int u = 0; u < USERS; u += 17) {
      int[] history = train.items(u);
      assertThat(foldIn.userVector(history, history.length)).as("user " + u).isEqualTo(model.userVector(u));
      int[] shuffledWithRepeats = new int[history.length * 2 + 3];
      for (int p = 0; p < history.length; p++) {
        shuffledWithRepeats[p] = history[history.length - 1 - p];
        shuffledWithRepeats[history.length + p] = history[(p * 7) % history.length];
      }
      assertThat(foldIn.userVector(shuffledWithRepeats, history.length * 2)).as("user " + u + " reordered, repeated")
          .isEqualTo(model.userVector(u));
    }
  }

  @Test
  void foldInOfNothingIsTheZeroVectorAndBadRowsAreRefused() {
    AlsModel model = new ImplicitAls(SMALL).fit(train(), Interactions.itemIds(ITEMS), (d, t) -> {});
    UserFoldIn foldIn = UserFoldIn.of(model);
    assertThat(foldIn.userVector(new int[] {3, 4}, 0)).containsOnly(0f).hasSize(8);
    assertThatThrownBy(() -> foldIn.userVector(new int[] {3, ITEMS}, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item row " + ITEMS);
    assertThatThrownBy(() -> foldIn.userVector(new int[] {3}, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 2");
  }

  @Test
  void usersWithoutItemsGetZeroVectorsAndProgressCountsRounds() {
    int[][] h = {{0, 1, 2}, {}, {2, 3}};
    UserSequences s = Interactions.sequences(h, 5);
    LongArrayList done = new LongArrayList();
    AlsModel model = new ImplicitAls(SMALL.withIterations(3)).fit(s, Interactions.itemIds(5), (d, t) -> {
      assertThat(t).isEqualTo(3);
      done.add(d);
    });
    assertThat(done.toLongArray()).containsExactly(1L, 2L, 3L);
    assertThat(model.userCount()).isEqualTo(3);
    assertThat(model.userVector(1)).containsOnly(0f);
    assertThat(model.userVector(0)).isNotEqualTo(new float[8]);
    assertThat(model.items().row(4)).as("item nobody engaged with").containsOnly(0f);
    assertThat(model.items().id(4)).isEqualTo("i4");
  }

  @Test
  void refusesItemIdsThatDoNotMatchTheSequences() {
    assertThatThrownBy(() -> new ImplicitAls(SMALL).fit(train(), Interactions.itemIds(ITEMS - 1), (d, t) -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itemIds has 159 ids");
  }

  @Test
  void configNamesTheBadSetting() {
    assertThatThrownBy(() -> AlsConfig.defaults().withDim(0)).hasMessageContaining("AlsConfig.dim");
    assertThatThrownBy(() -> AlsConfig.defaults().withIterations(0)).hasMessageContaining("AlsConfig.iterations");
    assertThatThrownBy(() -> AlsConfig.defaults().withRegularization(0)).hasMessageContaining("AlsConfig.regularization");
    assertThatThrownBy(() -> AlsConfig.defaults().withAlpha(Double.NaN)).hasMessageContaining("AlsConfig.alpha");
    assertThatThrownBy(() -> AlsConfig.defaults().withThreads(0)).hasMessageContaining("AlsConfig.threads");
    AlsConfig d = AlsConfig.defaults();
    assertThat(d.dim()).isEqualTo(64);
    assertThat(d.iterations()).isEqualTo(12);
    assertThat(d.seed()).isEqualTo(42);
    assertThat(d.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void choleskySolvesAHandWorkedSystemAndRefusesAnIndefiniteOne() {
    // [[4, 2], [2, 3]] x = [2, 1]  ->  x = (1/8) [[3, -2], [-2, 4]] [2, 1] = [0.5, 0]
    double[] a = {4, 2, 2, 3};
    double[] b = {2, 1};
    AlsRowSolver.choleskySolve(a, b, 2);
    assertThat(b[0]).isCloseTo(0.5, within(1e-12));
    assertThat(b[1]).isCloseTo(0.0, within(1e-12));
    assertThatThrownBy(() -> AlsRowSolver.choleskySolve(new double[] {1, 2, 2, 1}, new double[] {1, 1}, 2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not positive definite");
  }

  @Test
  void gramIsTheSameWhateverTheThreadCount() {
    int rows = AlsRowSolver.GRAM_BLOCK * 3 + 17;
    float[] f = new float[rows * 5];
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int j = 0; j < f.length; j++) f[j] = (float) r.nextGaussian();
    double[] one = AlsRowSolver.gram(f, rows, 5, 1);
    assertThat(AlsRowSolver.gram(f, rows, 5, 3)).isEqualTo(one);
    double expected = 0;
    for (int i = 0; i < rows; i++) expected += (double) f[i * 5 + 4] * f[i * 5 + 1];
    assertThat(one[4 * 5 + 1]).isCloseTo(expected, within(1e-9 * rows));
  }
}
