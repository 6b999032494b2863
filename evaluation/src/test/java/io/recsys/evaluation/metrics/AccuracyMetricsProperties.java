package io.recsys.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccuracyMetricsProperties {
  /** A ranked list of distinct items from 0..49, a non-empty relevant set, and a cutoff. */
  record Case(int[] ranked, int[] relevant, int k) {}

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 50),
        Arbitraries.integers().between(1, 10), Arbitraries.integers().between(1, 60)).as((seed, len, rel, k) -> {
          Random r = new Random(seed);
          List<Integer> all = new ArrayList<>();
          for (int i = 0; i < 50; i++) all.add(i);
          Collections.shuffle(all, r);
          int[] ranked = all.subList(0, len).stream().mapToInt(Integer::intValue).toArray();
          Collections.shuffle(all, r);
          int[] relevant = all.subList(0, rel).stream().mapToInt(Integer::intValue).toArray();
          return new Case(ranked, relevant, k);
        });
  }

  @Property
  void everyMetricLiesBetweenZeroAndOne(@ForAll("cases") Case c) {
    int n = c.ranked().length;
    for (double v : new double[] {
        AccuracyMetrics.hitRate(c.ranked(), n, c.k(), c.relevant()),
        AccuracyMetrics.recall(c.ranked(), n, c.k(), c.relevant()),
        AccuracyMetrics.precision(c.ranked(), n, c.k(), c.relevant()),
        AccuracyMetrics.ndcg(c.ranked(), n, c.k(), c.relevant()),
        AccuracyMetrics.reciprocalRank(c.ranked(), n, c.k(), c.relevant()),
        AccuracyMetrics.averagePrecision(c.ranked(), n, c.k(), c.relevant())}) {
      assertThat(v).isBetween(0.0, 1.0);
    }
  }

  @Property
  void relevantItemsFirstScoresOne(@ForAll("cases") Case c) {
    // Put every relevant item at the top of the list, in any order: a perfect ranking.
    int[] perfect = new int[c.relevant().length + c.ranked().length];
    System.arraycopy(c.relevant(), 0, perfect, 0, c.relevant().length);
    int n = c.relevant().length;
    for (int item : c.ranked()) {
      boolean rel = false;
      for (int x : c.relevant()) rel |= x == item;
      if (!rel) perfect[n++] = item;
    }
    assertThat(AccuracyMetrics.ndcg(perfect, n, c.k(), c.relevant())).isCloseTo(1.0, within(1e-12));
    assertThat(AccuracyMetrics.averagePrecision(perfect, n, c.k(), c.relevant())).isCloseTo(1.0, within(1e-12));
    assertThat(AccuracyMetrics.reciprocalRank(perfect, n, c.k(), c.relevant())).isEqualTo(1.0);
    assertThat(AccuracyMetrics.hitRate(perfect, n, c.k(), c.relevant())).isEqualTo(1.0);
  }

  @Property
  void permutingTheRelevantSetChangesNothing(@ForAll("cases") Case c, @ForAll long seed) {
    int[] shuffled = c.relevant().clone();
    Random r = new Random(seed);
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    int n = c.ranked().length;
    assertThat(AccuracyMetrics.ndcg(c.ranked(), n, c.k(), shuffled))
        .isEqualTo(AccuracyMetrics.ndcg(c.ranked(), n, c.k(), c.relevant()));
    assertThat(AccuracyMetrics.averagePrecision(c.ranked(), n, c.k(), shuffled))
        .isEqualTo(AccuracyMetrics.averagePrecision(c.ranked(), n, c.k(), c.relevant()));
  }

  @Property
  void hitRateAndRecallNeverDecreaseWithK(@ForAll("cases") Case c) {
    int n = c.ranked().length;
    assertThat(AccuracyMetrics.recall(c.ranked(), n, c.k() + 1, c.relevant()))
        .isGreaterThanOrEqualTo(AccuracyMetrics.recall(c.ranked(), n, c.k(), c.relevant()));
    assertThat(AccuracyMetrics.hitRate(c.ranked(), n, c.k() + 1, c.relevant()))
        .isGreaterThanOrEqualTo(AccuracyMetrics.hitRate(c.ranked(), n, c.k(), c.relevant()));
  }
}
