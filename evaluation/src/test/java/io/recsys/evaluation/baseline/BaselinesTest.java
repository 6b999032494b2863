package io.recsys.evaluation.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.evaluation.testing.Interactions;
import io.recsys.core.dataset.Dataset;
import org.junit.jupiter.api.Test;

class BaselinesTest {
  // u1: a b c   u2: a b   u3: b c d   u4: d
  private final Dataset data = Interactions.create()
      .sequence("u1", "a", "b", "c")
      .sequence("u2", "a", "b")
      .sequence("u3", "b", "c", "d")
      .sequence("u4", "d")
      .build();
  private final ItemOrder order = ItemOrder.of(data.items());
  private final UserSequences train = UserSequences.of(data, UserSequences.defaultPositiveTypes(), order);
  private final int[] out = new int[10];

  private int user(String id) {
    return data.users().indexOf(id);
  }

  private int item(String id) {
    return data.items().indexOf(id);
  }

  @Test
  void popularityRanksUnseenItemsByTheirNumberOfUsers() {
    Recommender pop = new PopularityRecommender(train, order);
    int n = pop.recommend(user("u4"), 10, out);
    // b: 3 users, a: 2, c: 2 (a before c by id); d is seen
    assertThat(Interactions.ids(data, out, n)).containsExactly("b", "a", "c");
  }

  @Test
  void equalScoresAreOrderedByItemIdAsAString() {
    Dataset ties = Interactions.create().sequence("u", "x").click("v", "9", 1).click("v", "10", 2)
        .click("v", "100", 3).build();
    ItemOrder o = ItemOrder.of(ties.items());
    UserSequences t = UserSequences.of(ties, UserSequences.defaultPositiveTypes(), o);
    int n = new PopularityRecommender(t, o).recommend(ties.users().indexOf("u"), 10, out);
    assertThat(Interactions.ids(ties, out, n)).containsExactly("10", "100", "9");
  }

  @Test
  void itemSimilarityIsTheCosineOfBinaryItemColumns() {
    ItemSimilarity s = new ItemSimilarity(train);
    // a: {u1,u2}, b: {u1,u2,u3}, c: {u1,u3}, d: {u3,u4}
    assertThat(s.get(item("a"), item("b"))).isCloseTo(2 / Math.sqrt(2 * 3), within(1e-12));
    assertThat(s.get(item("b"), item("c"))).isCloseTo(2 / Math.sqrt(3 * 2), within(1e-12));
    assertThat(s.get(item("a"), item("d"))).isZero();
    assertThat(s.get(item("a"), item("a"))).isZero();
    assertThat(s.get(item("c"), item("d"))).isCloseTo(1 / Math.sqrt(2 * 2), within(1e-12));
  }

  @Test
  void itemKnnScoresByTheSumOfSimilaritiesToTheUsersItems() {
    // u2 has a, b: score(c) = S[a][c] + S[b][c] = 1/2 + 2/sqrt(6) = 1.316; score(d) = S[b][d] = 1/sqrt(6) = 0.408
    int n = new ItemKnnRecommender(train, order).recommend(user("u2"), 10, out);
    assertThat(Interactions.ids(data, out, n)).containsExactly("c", "d");
  }

  @Test
  void transitionCountsDirectSuccessorsInTrainingSequences() {
    TransitionRecommender t = new TransitionRecommender(train, order);
    assertThat(t.transitions(item("a"), item("b"))).isEqualTo(2);
    assertThat(t.transitions(item("b"), item("c"))).isEqualTo(2);
    assertThat(t.transitions(item("c"), item("d"))).isEqualTo(1);
    assertThat(t.transitions(item("b"), item("a"))).isZero();
  }

  @Test
  void transitionWeighsTheLastItemsMostAndFallsBackToItemKnn() {
    // u2 = a, b: score(c) = 1 * T[b][c] + 0.5 * T[a][c] = 2 (+ tiny knn); d only through knn.
    int n = new TransitionRecommender(train, order).recommend(user("u2"), 10, out);
    assertThat(Interactions.ids(data, out, n)).containsExactly("c", "d");
    // Without the ItemKNN term, d (never reached by the graph) ties at 0 with nothing else: still last.
    TransitionRecommender graphOnly = new TransitionRecommender(train, order, new double[] {1, 0.5, 0.25}, 0);
    assertThat(Interactions.ids(data, out, graphOnly.recommend(user("u2"), 10, out))).containsExactly("c", "d");
  }

  @Test
  void neverRecommendsItemsTheUserHasSeen() {
    for (Baseline b : Baseline.values()) {
      Recommender r = b.create(train, order);
      int n = r.recommend(user("u1"), 10, out);
      assertThat(Interactions.ids(data, out, n)).as(b.cliName()).containsExactly("d");
    }
  }
}
