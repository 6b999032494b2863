package io.recsys.evaluation.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Fairness measures over generated allocations: each invocation is one seeded case ({@link Case}),
 * m users each shown k of n items; a failure names its seed and case.
 */
class ExposureFairnessProperties {
  private static final double TOLERANCE = 1e-9;
  private static final Set<String> BOUNDED_CORRECTIONS =
      Set.of("Jain", "QF", "Ent", "Gini", "Gini-w");
  private static final Set<String> BOUNDED_ORIGINALS =
      Set.of("Jain", "QF", "Ent", "Gini", "Gini-w", "FSat", "VoCD");

  /** A random valid allocation: m users, k items each out of n, drawn with {@code seed}. */
  record Case(int m, int k, int n, long seed) {
    int[][] lists() {
      return Allocations.random(m, k, n, seed);
    }

    /** Any sizes: 1..30 items, 1..12 users, lists of 1..n items. */
    static Case any(Gen gen) {
      int n = gen.intBetween(1, 30);
      return new Case(gen.intBetween(1, 12), gen.intBetween(1, n), n, gen.anyLong());
    }

    /** Sizes where identical and round-robin lists differ: 2..30 items, 2..12 users, lists of 1..n-1 items. */
    static Case nonDegenerate(Gen gen) {
      int n = gen.intBetween(2, 30);
      return new Case(gen.intBetween(2, 12), gen.intBetween(1, n - 1), n, gen.anyLong());
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 500)
  void correctedValuesLieInTheUnitIntervalWhereDefined(long seed) {
    Case c = Case.any(new Gen(seed));
    Seeds.check(seed, c, () -> {
      ExposureFairnessReport r = ExposureFairness.evaluate(c.lists(), c.n());

      for (FairnessScore s : r.scores()) {
        if (BOUNDED_CORRECTIONS.contains(s.measure()) && s.corrected().isPresent()) {
          assertThat(s.corrected().getAsDouble()).as(s.measure()).isBetween(0.0, 1.0);
        }
        if (BOUNDED_ORIGINALS.contains(s.measure()) && s.original().isPresent()) {
          assertThat(s.original().getAsDouble()).as(s.measure())
              .isBetween(-TOLERANCE, 1.0 + TOLERANCE);
        }
      }
      // FSat's correction can fall below 0 (see MaximinShareSatisfaction), never above 1
      r.score("FSat").corrected().ifPresent(v -> assertThat(v).isLessThanOrEqualTo(1.0));
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 300)
  void scoresDoNotDependOnTheOrderOfUsers(long seed) {
    Gen gen = new Gen(seed);
    Case c = Case.any(gen);
    long shuffleSeed = gen.anyLong();
    Seeds.check(seed, c + " shuffleSeed=" + shuffleSeed, () -> {
      int[][] lists = c.lists();
      int[] order = Allocations.permutation(c.m(), shuffleSeed);
      int[][] shuffled = new int[c.m()][];
      for (int u = 0; u < c.m(); u++) {
        shuffled[u] = lists[order[u]];
      }

      assertSameScores(ExposureFairness.evaluate(lists, c.n()),
          ExposureFairness.evaluate(shuffled, c.n()));
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 300)
  void scoresDoNotDependOnItemLabels(long seed) {
    Gen gen = new Gen(seed);
    Case c = Case.any(gen);
    long relabelSeed = gen.anyLong();
    Seeds.check(seed, c + " relabelSeed=" + relabelSeed, () -> {
      int[][] lists = c.lists();
      int[] label = Allocations.permutation(c.n(), relabelSeed);
      int[][] relabelled = new int[c.m()][c.k()];
      for (int u = 0; u < c.m(); u++) {
        for (int j = 0; j < c.k(); j++) {
          relabelled[u][j] = label[lists[u][j]];
        }
      }

      assertSameScores(ExposureFairness.evaluate(lists, c.n()),
          ExposureFairness.evaluate(relabelled, c.n()));
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 200)
  void identicalListsGetTheUnfairestCorrectedScores(long seed) {
    Case c = Case.nonDegenerate(new Gen(seed));
    Seeds.check(seed, c, () -> {
      ExposureFairnessReport r =
          ExposureFairness.evaluate(Allocations.identical(c.m(), c.k()), c.n());

      assertThat(r.score("Jain").correctedOrNaN()).isEqualTo(0.0);
      assertThat(r.score("QF").correctedOrNaN()).isEqualTo(0.0);
      assertThat(r.score("Ent").correctedOrNaN()).isEqualTo(0.0);
      assertThat(r.score("Gini").correctedOrNaN()).isEqualTo(1.0);
      assertThat(r.score("Gini-w").correctedOrNaN()).isEqualTo(1.0);
      double expectedFsat = (long) c.m() * c.k() >= c.n() ? 0.0 : 1.0;
      assertThat(r.score("FSat").correctedOrNaN()).isEqualTo(expectedFsat);
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 200)
  void roundRobinListsGetTheFairestCorrectedScores(long seed) {
    Case c = Case.nonDegenerate(new Gen(seed));
    Seeds.check(seed, c, () -> {
      ExposureFairnessReport r =
          ExposureFairness.evaluate(Allocations.roundRobin(c.m(), c.k(), c.n()), c.n());

      assertThat(r.score("Jain").correctedOrNaN()).isEqualTo(1.0);
      assertThat(r.score("QF").correctedOrNaN()).isEqualTo(1.0);
      assertThat(r.score("Ent").correctedOrNaN()).isEqualTo(1.0);
      assertThat(r.score("Gini").correctedOrNaN()).isEqualTo(0.0);
      assertThat(r.score("FSat").correctedOrNaN()).isEqualTo(1.0);
      if ((long) c.m() * c.k() <= c.n()) {
        assertThat(r.score("Gini-w").correctedOrNaN()).isEqualTo(0.0);
      }
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 200)
  void anyAllocationScoresBetweenTheTwoExtremes(long seed) {
    Case c = Case.nonDegenerate(new Gen(seed));
    Seeds.check(seed, c, () -> {
      ExposureFairnessReport random = ExposureFairness.evaluate(c.lists(), c.n());
      ExposureFairnessReport unfair =
          ExposureFairness.evaluate(Allocations.identical(c.m(), c.k()), c.n());
      ExposureFairnessReport fair =
          ExposureFairness.evaluate(Allocations.roundRobin(c.m(), c.k(), c.n()), c.n());

      for (String measure : List.of("Jain", "QF", "Ent", "Gini")) {
        double lo = Math.min(original(unfair, measure), original(fair, measure));
        double hi = Math.max(original(unfair, measure), original(fair, measure));
        assertThat(original(random, measure)).as(measure)
            .isBetween(lo - TOLERANCE, hi + TOLERANCE);
      }
      assertThat(original(random, "AI-D")).isLessThanOrEqualTo(original(unfair, "AI-D") + TOLERANCE);
      // II-D sees only ranks, not which items hold them
      assertThat(original(random, "II-D")).isCloseTo(original(unfair, "II-D"), within(TOLERANCE));
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 300)
  void vocdEqualsTheMeanOverAllPairsOfExposedItems(long seed) {
    Case c = Case.any(new Gen(seed));
    Seeds.check(seed, c, () -> {
      ExposureCounts e = ExposureCounts.from(c.lists(), c.n());
      FairnessScore s = new PairwiseRelativeCountDifference().score(e);

      double sum = 0;
      int pairs = 0;
      for (int i = 0; i < c.n(); i++) {
        for (int j = i + 1; j < c.n(); j++) {
          int ci = e.count(i);
          int cj = e.count(j);
          if (ci > 0 && cj > 0) {
            sum += Math.abs(ci - cj) / (double) Math.max(ci, cj);
            pairs++;
          }
        }
      }
      if (pairs == 0) {
        assertThat(s.original()).isEmpty();
      } else {
        assertThat(s.original().getAsDouble()).isCloseTo(sum / pairs, within(TOLERANCE));
      }
    });
  }

  private static double original(ExposureFairnessReport r, String measure) {
    return r.score(measure).original().orElseThrow();
  }

  private static void assertSameScores(ExposureFairnessReport a, ExposureFairnessReport b) {
    for (int i = 0; i < a.scores().size(); i++) {
      FairnessScore x = a.scores().get(i);
      FairnessScore y = b.scores().get(i);
      assertThat(y.correction()).as(x.measure()).isEqualTo(x.correction());
      assertThat(y.original().isPresent()).as(x.measure()).isEqualTo(x.original().isPresent());
      if (x.original().isPresent()) {
        assertThat(y.original().getAsDouble()).as(x.measure())
            .isCloseTo(x.original().getAsDouble(), within(TOLERANCE));
      }
      if (x.corrected().isPresent()) {
        assertThat(y.corrected().getAsDouble()).as(x.measure())
            .isCloseTo(x.corrected().getAsDouble(), within(TOLERANCE));
      }
    }
  }
}
