package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.train.Progress;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Pi2iRetrieverTest {
  private static final int TRIGGERS = 5;
  private final Generated world = new Generated(51, 200, 100, 4, 25, 0.7);
  private final ItemToItemIndex i2i = ItemToItemIndex.build(world.sequences, I2iConfig.defaults().withListLength(15),
      Progress.NONE);
  private final float[] popularity = world.popularity();

  private PairScorer randomScorer(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[PairFeatures.COUNT];
    float[] m = new float[PairFeatures.COUNT];
    float[] s = new float[PairFeatures.COUNT];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) r.nextGaussian();
      s[k] = 1;
    }
    return new PairScorer(w, 0, m, s);
  }

  private Pi2iRetriever retriever(PairScorer scorer) {
    return new Pi2iRetriever(i2i, scorer, world.vectors, world.clusterOfRow, world.clusters, popularity, TRIGGERS);
  }

  /** The context of user u: the sequence up to {@code length}, newest first. */
  private UserContext context(int u, int length) {
    int[] rows = new int[length];
    long[] times = new long[length];
    for (int k = 0; k < length; k++) {
      rows[k] = world.sequences.item(u, length - 1 - k);
      times[k] = world.sequences.timestamp(u, length - 1 - k);
    }
    return UserContext.of(rows, times, length, times.length == 0 ? 0 : times[0] + 1, world.vectors,
        world.clusterOfRow, world.clusters);
  }

  /** Brute force: every (trigger, target) pair scored, best per target, sorted; rows {target, trigger}. */
  private List<int[]> bruteForce(PairScorer scorer, UserContext user, IntSet excluded, int k) {
    PairFeatures features = new PairFeatures(world.vectors, world.clusterOfRow, popularity);
    IntSet history = new IntOpenHashSet();
    for (int h = 0; h < user.historyLength(); h++) history.add(user.historyRow(h));
    int triggers = Math.min(TRIGGERS, user.historyLength());
    int[] support = new int[world.items];
    float[] sum = new float[world.items];
    for (int tp = 0; tp < triggers; tp++) {
      int t = user.historyRow(tp);
      for (int p = 0; p < i2i.listLength(t); p++) {
        support[i2i.neighbour(t, p)]++;
        sum[i2i.neighbour(t, p)] += i2i.score(t, p);
      }
    }
    float[] best = new float[world.items];
    int[] bestTrigger = new int[world.items];
    Arrays.fill(best, Float.NEGATIVE_INFINITY);
    Arrays.fill(bestTrigger, -1);
    float[] f = new float[PairFeatures.COUNT];
    for (int tp = 0; tp < triggers; tp++) {
      int t = user.historyRow(tp);
      for (int p = 0; p < i2i.listLength(t); p++) {
        int j = i2i.neighbour(t, p);
        if (history.contains(j) || excluded.contains(j)) continue;
        features.compute(user, tp, j, p, i2i.score(t, p), i2i.count(t, p), i2i.score(t, 0), support[j], sum[j], 0, f);
        float z = scorer.logit(f);
        if (z > best[j]) {
          best[j] = z;
          bestTrigger[j] = t;
        }
      }
    }
    List<int[]> all = new ArrayList<>();
    for (int j = 0; j < world.items; j++) if (bestTrigger[j] >= 0) all.add(new int[] {j, bestTrigger[j]});
    all.sort(Comparator.<int[]>comparingDouble(a -> -best[a[0]]).thenComparingInt(a -> a[0]));
    return all.subList(0, Math.min(k, all.size()));
  }

  @Test
  void returnsTheBruteForceTopKWithTheBestScoringTrigger() {
    for (long seed = 0; seed < 6; seed++) {
      PairScorer scorer = randomScorer(seed);
      Pi2iRetriever retriever = retriever(scorer);
      Pi2iResult out = new Pi2iResult(40);
      SplittableRandom r = new SplittableRandom(seed);
      for (int trial = 0; trial < 15; trial++) {
        int u = r.nextInt(world.sequences.userCount());
        UserContext user = context(u, 1 + r.nextInt(world.sequences.length(u)));
        IntSet excluded = new IntOpenHashSet();
        for (int e = 0; e < 5; e++) excluded.add(r.nextInt(world.items));
        int k = 1 + r.nextInt(40);
        retriever.retrieve(user, k, excluded, out);
        List<int[]> expected = bruteForce(scorer, user, excluded, k);
        assertThat(out.size()).isEqualTo(expected.size());
        for (int i = 0; i < out.size(); i++) {
          assertThat(out.target(i)).as("rank %d", i).isEqualTo(expected.get(i)[0]);
          assertThat(out.trigger(i)).as("trigger of rank %d", i).isEqualTo(expected.get(i)[1]);
        }
      }
    }
  }

  @Test
  void neverReturnsHistoryOrExcludedRowsAndSortsBestFirst() {
    Pi2iRetriever retriever = retriever(randomScorer(7));
    Pi2iResult out = new Pi2iResult(100);
    int nonEmpty = 0;
    for (int u = 0; u < 60; u++) {
      UserContext user = context(u, world.sequences.length(u));
      IntSet excluded = new IntOpenHashSet(new int[] {u % world.items, (u * 7) % world.items});
      retriever.retrieve(user, 100, excluded, out);
      IntSet seen = new IntOpenHashSet();
      for (int i = 0; i < out.size(); i++) {
        int j = out.target(i);
        assertThat(seen.add(j)).as("duplicate target %d", j).isTrue();
        assertThat(excluded.contains(j)).isFalse();
        for (int h = 0; h < user.historyLength(); h++) assertThat(j).isNotEqualTo(user.historyRow(h));
        if (i > 0) assertThat(out.score(i)).isLessThanOrEqualTo(out.score(i - 1));
        assertThat(out.score(i)).isBetween(0f, 1f);
        assertThat(i2i.positionOf(out.trigger(i), j)).isNotNegative();
      }
      if (out.size() > 0) nonEmpty++;
    }
    assertThat(nonEmpty).isGreaterThan(50);
  }

  @Test
  void scratchCarriesNothingFromOneRequestToTheNext() {
    Pi2iRetriever retriever = retriever(randomScorer(8));
    Pi2iRetriever.Scratch shared = retriever.newScratch();
    Pi2iResult a = new Pi2iResult(30);
    Pi2iResult b = new Pi2iResult(30);
    for (int u = 0; u < 30; u++) {
      UserContext user = context(u, world.sequences.length(u));
      retriever.retrieve(context(u + 1, 4), 30, null, a, shared); // another request first
      retriever.retrieve(user, 30, null, a, shared);
      retriever.retrieve(user, 30, null, b, retriever.newScratch());
      assertThat(a.size()).isEqualTo(b.size());
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.target(i)).isEqualTo(b.target(i));
        assertThat(a.trigger(i)).isEqualTo(b.trigger(i));
      }
    }
  }

  @Test
  void emptyHistoryGivesAnEmptyResultAndBadArgumentsAreRefused() {
    Pi2iRetriever retriever = retriever(randomScorer(9));
    Pi2iResult out = new Pi2iResult(10);
    retriever.retrieve(context(0, 0), 10, null, out);
    assertThat(out.size()).isZero();
    assertThatThrownBy(() -> out.target(0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> retriever.retrieve(context(0, 5), 11, null, out)).hasMessageContaining("capacity");
    assertThatThrownBy(() -> retriever.retrieve(context(0, 5), 5, IntSet.of(world.items), out))
        .hasMessageContaining("excluded row");
    assertThatThrownBy(() -> new Pi2iRetriever(i2i, randomScorer(9), world.vectors, world.clusterOfRow, world.clusters,
        popularity, 0)).hasMessageContaining("triggers");
  }

  @Test
  void duplicateHistoryRowsActAsOneTrigger() {
    // Scored by trigger support alone, so each target's score reveals how many triggers counted.
    Pi2iRetriever retriever = retriever(PairScorer.singleFeature(PairFeatures.TRIGGER_SUPPORT));
    UserContext once = context(3, 6);
    int[] rows = new int[7];
    long[] times = new long[7];
    rows[0] = once.historyRow(0);
    times[0] = once.historyTime(0);
    for (int k = 0; k < 6; k++) {
      rows[k + 1] = once.historyRow(k);
      times[k + 1] = once.historyTime(k);
    }
    UserContext twice = UserContext.of(rows, times, 7, once.nowMillis(), world.vectors, world.clusterOfRow,
        world.clusters);
    Pi2iResult out = new Pi2iResult(50);
    retriever.retrieve(twice, 50, null, out);
    assertThat(out.size()).isPositive();
    // Newest TRIGGERS positions hold rows[0] twice: the distinct triggers are rows[1..TRIGGERS).
    for (int x = 0; x < out.size(); x++) {
      int distinct = 0;
      for (int tp = 1; tp < TRIGGERS; tp++) if (i2i.positionOf(rows[tp], out.target(x)) >= 0) distinct++;
      assertThat(out.score(x)).isEqualTo(PairScorer.sigmoid(distinct));
    }
  }
}
