package io.recsys.evaluation.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two allocations that bound every measure for fixed m, k, n (m &ge; 2, k &lt; n): every user
 * getting the same k items (unfairest) and slots spread round-robin (fairest). Cases cover
 * km &lt; n, km = n, and km &gt; n with and without a remainder r.
 */
class ExtremeAllocationsTest {

  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @CsvSource({
    "2, 2, 5", // km = 4 < n
    "4, 1, 10", // km < n, k = 1
    "2, 3, 9", // km = 6 < n
    "3, 4, 12", // km = n
    "3, 2, 4", // km = 6, q = 1, r = 2
    "5, 3, 7", // km = 15, q = 2, r = 1
    "10, 4, 6", // km = 40, q = 6, r = 4
    "7, 3, 5", // km = 21, q = 4, r = 1
    "6, 5, 6", // km = 30, r = 0
    "2, 1, 2", // smallest non-degenerate case
  })
  void identicalListsScoreAsUnfairAsPossible(int m, int k, int n) {
    ExposureFairnessReport r = ExposureFairness.evaluate(Allocations.identical(m, k), n);

    assertThat(corrected(r, "Jain")).isEqualTo(0.0);
    assertThat(corrected(r, "QF")).isEqualTo(0.0);
    assertThat(corrected(r, "Ent")).isEqualTo(0.0);
    assertThat(corrected(r, "Gini")).isEqualTo(1.0);
    assertThat(corrected(r, "Gini-w")).isEqualTo(1.0);
    // originals sit at their achievable ends, not at the nominal 0 / 1
    assertThat(original(r, "Jain")).isCloseTo((double) k / n, within(1e-12));
    assertThat(original(r, "QF")).isCloseTo((double) k / n, within(1e-12));
    assertThat(original(r, "Ent")).isCloseTo(Math.log(k) / Math.log(n), within(1e-12));
    assertThat(original(r, "Gini")).isCloseTo(1 - (double) k / n, within(1e-12));
    if ((long) k * m >= n) {
      assertThat(corrected(r, "FSat")).isEqualTo(0.0);
    } else {
      // the unfixable limitation: q = 0 makes every allocation satisfy everyone
      assertThat(corrected(r, "FSat")).isEqualTo(1.0);
      assertThat(r.score("FSat").notes()).anySatisfy(s -> assertThat(s).contains("q = 0"));
    }
    if (k >= 2) {
      assertThat(original(r, "VoCD")).isEqualTo(0.0); // blind to the unexposed items
    } else {
      assertThat(r.score("VoCD").original()).isEmpty();
    }
  }

  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @CsvSource({
    "2, 2, 5", "4, 1, 10", "2, 3, 9", "3, 4, 12", "3, 2, 4", "5, 3, 7", "10, 4, 6", "7, 3, 5",
    "6, 5, 6", "2, 1, 2",
  })
  void roundRobinListsScoreAsFairAsPossible(int m, int k, int n) {
    ExposureFairnessReport r = ExposureFairness.evaluate(Allocations.roundRobin(m, k, n), n);

    assertThat(corrected(r, "Jain")).isEqualTo(1.0);
    assertThat(corrected(r, "QF")).isEqualTo(1.0);
    assertThat(corrected(r, "Ent")).isEqualTo(1.0);
    assertThat(corrected(r, "Gini")).isEqualTo(0.0);
    assertThat(corrected(r, "FSat")).isEqualTo(1.0);
    assertThat(original(r, "QF")).isCloseTo(Math.min(n, (double) k * m) / n, within(1e-12));
    if ((long) k * m <= n) {
      assertThat(corrected(r, "Gini-w")).isEqualTo(0.0);
    } else {
      // the official lower bound 0 is not always attained once items are shown more than once
      assertThat(corrected(r, "Gini-w")).isBetween(0.0, 1.0);
      assertThat(r.score("Gini-w").notes())
          .anySatisfy(s -> assertThat(s).contains("lower bound 0"));
    }
    ExposureFairnessReport unfair = ExposureFairness.evaluate(Allocations.identical(m, k), n);
    assertThat(original(r, "AI-D")).isLessThan(original(unfair, "AI-D"));
    assertThat(original(r, "II-D")).isCloseTo(original(unfair, "II-D"), within(1e-12));
  }

  private static double corrected(ExposureFairnessReport r, String measure) {
    return r.score(measure).corrected().orElseThrow();
  }

  private static double original(ExposureFairnessReport r, String measure) {
    return r.score(measure).original().orElseThrow();
  }
}
