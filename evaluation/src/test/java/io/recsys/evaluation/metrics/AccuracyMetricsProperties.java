package io.recsys.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/** Each invocation is one seeded case ({@link Case#generate}); a failure names its seed and case. */
class AccuracyMetricsProperties {
  /** A ranked list of distinct items from 0..49, a non-empty relevant set, and a cutoff. */
  record Case(int[] ranked, int[] relevant, int k) {
    /** Up to 50 ranked items, 1 to 10 relevant ones (ranked or not), a cutoff 1..60 (beyond the list too). */
    static Case generate(Gen gen) {
      int len = gen.intBetween(1, 50), rel = gen.intBetween(1, 10), k = gen.intBetween(1, 60);
      Random r = new Random(gen.anyLong());
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) all.add(i);
      Collections.shuffle(all, r);
      int[] ranked = all.subList(0, len).stream().mapToInt(Integer::intValue).toArray();
      Collections.shuffle(all, r);
      int[] relevant = all.subList(0, rel).stream().mapToInt(Integer::intValue).toArray();
      return new Case(ranked, relevant, k);
    }

    @Override
    public String toString() {
      return "Case[ranked=" + Arrays.toString(ranked) + ", relevant=" + Arrays.toString(relevant) + ", k=" + k + "]";
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void everyMetricLiesBetweenZeroAndOne(long seed) {
    Case c = Case.generate(new Gen(seed));
    int n = c.ranked().length;
    Seeds.check(seed, c, () -> {
      for (double v : new double[] {
          AccuracyMetrics.hitRate(c.ranked(), n, c.k(), c.relevant()),
          AccuracyMetrics.recall(c.ranked(), n, c.k(), c.relevant()),
          AccuracyMetrics.precision(c.ranked(), n, c.k(), c.relevant()),
          AccuracyMetrics.ndcg(c.ranked(), n, c.k(), c.relevant()),
          AccuracyMetrics.reciprocalRank(c.ranked(), n, c.k(), c.relevant()),
          AccuracyMetrics.averagePrecision(c.ranked(), n, c.k(), c.relevant())}) {
        assertThat(v).isBetween(0.0, 1.0);
      }
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void relevantItemsFirstScoresOne(long seed) {
    Case c = Case.generate(new Gen(seed));
    // Put every relevant item at the top of the list, in any order: a perfect ranking.
    int[] perfect = new int[c.relevant().length + c.ranked().length];
    System.arraycopy(c.relevant(), 0, perfect, 0, c.relevant().length);
    int rankedLength = c.relevant().length;
    for (int item : c.ranked()) {
      boolean rel = false;
      for (int x : c.relevant()) rel |= x == item;
      if (!rel) perfect[rankedLength++] = item;
    }
    int n = rankedLength;
    Seeds.check(seed, c, () -> {
      assertThat(AccuracyMetrics.ndcg(perfect, n, c.k(), c.relevant())).isCloseTo(1.0, within(1e-12));
      assertThat(AccuracyMetrics.averagePrecision(perfect, n, c.k(), c.relevant())).isCloseTo(1.0, within(1e-12));
      assertThat(AccuracyMetrics.reciprocalRank(perfect, n, c.k(), c.relevant())).isEqualTo(1.0);
      assertThat(AccuracyMetrics.hitRate(perfect, n, c.k(), c.relevant())).isEqualTo(1.0);
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void permutingTheRelevantSetChangesNothing(long seed) {
    Gen gen = new Gen(seed);
    Case c = Case.generate(gen);
    int[] shuffled = c.relevant().clone();
    Random r = new Random(gen.anyLong());
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    int n = c.ranked().length;
    Seeds.check(seed, c + " shuffled relevant=" + Arrays.toString(shuffled), () -> {
      assertThat(AccuracyMetrics.ndcg(c.ranked(), n, c.k(), shuffled))
          .isEqualTo(AccuracyMetrics.ndcg(c.ranked(), n, c.k(), c.relevant()));
      assertThat(AccuracyMetrics.averagePrecision(c.ranked(), n, c.k(), shuffled))
          .isEqualTo(AccuracyMetrics.averagePrecision(c.ranked(), n, c.k(), c.relevant()));
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void hitRateAndRecallNeverDecreaseWithK(long seed) {
    Case c = Case.generate(new Gen(seed));
    int n = c.ranked().length;
    Seeds.check(seed, c, () -> {
      assertThat(AccuracyMetrics.recall(c.ranked(), n, c.k() + 1, c.relevant()))
          .isGreaterThanOrEqualTo(AccuracyMetrics.recall(c.ranked(), n, c.k(), c.relevant()));
      assertThat(AccuracyMetrics.hitRate(c.ranked(), n, c.k() + 1, c.relevant()))
          .isGreaterThanOrEqualTo(AccuracyMetrics.hitRate(c.ranked(), n, c.k(), c.relevant()));
    });
  }
}
