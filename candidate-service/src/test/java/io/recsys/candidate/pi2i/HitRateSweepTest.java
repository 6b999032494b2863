package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.Split;
import io.recsys.evaluation.split.SplitProtocol;
import io.recsys.evaluation.split.UserSequences;
import java.util.List;
import org.junit.jupiter.api.Test;

class HitRateSweepTest {
  /** Lists 0 -> [1, 2, 3], 1 -> [0, 3], 2 -> [], 3 -> [2]. */
  private static ItemToItemIndex handMadeLists() {
    int[] offsets = {0, 3, 5, 5, 6};
    int[] neighbours = {1, 2, 3, 0, 3, 2};
    float[] scores = {0.9f, 0.5f, 0.1f, 0.8f, 0.2f, 0.3f};
    int[] counts = {3, 2, 1, 4, 1, 2};
    return new ItemToItemIndex(4, offsets, neighbours, scores, counts, I2iConfig.defaults().withListLength(3), 4);
  }

  @Test
  void matchesHandComputedHitRatesEntriesAndCandidates() {
    // user 0: history [0], next 2 (rank 1 in 0's list). user 1: history [1, 3], next 0 (rank 0 in 1's
    // list). user 2: history [2], next 1; 2's list is empty.
    UserSequences train = Sequences.of(4, new int[] {0}, new int[] {1, 3}, new int[] {2});
    int[][] test = {{2}, {0}, {1}};
    List<HitRateSweep.Point> curve = HitRateSweep.sweep(handMadeLists(), train, test, 2, new int[] {1, 2, 3});
    assertThat(curve).extracting(HitRateSweep.Point::listLength).containsExactly(1, 2, 3);
    assertThat(curve.get(0).hitRate()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(curve.get(1).hitRate()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(curve.get(2).hitRate()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(curve).extracting(HitRateSweep.Point::entries).containsExactly(3L, 5L, 6L);
    // Candidates without the user's own items: u0 {1}, {1,2}, {1,2,3}; u1 {2,0} at every N (3 is seen).
    assertThat(curve.get(0).meanCandidates()).isCloseTo(3.0 / 3, within(1e-12));
    assertThat(curve.get(1).meanCandidates()).isCloseTo(4.0 / 3, within(1e-12));
    assertThat(curve.get(2).meanCandidates()).isCloseTo(5.0 / 3, within(1e-12));

    // One trigger: user 1 uses only 3's list, which lacks 0.
    List<HitRateSweep.Point> one = HitRateSweep.sweep(handMadeLists(), train, test, 1, new int[] {3});
    assertThat(one.getFirst().hitRate()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void hitRateCandidatesAndEntriesNeverFallAsListsGrow() {
    for (long seed = 21; seed < 24; seed++) {
      Generated world = new Generated(seed, 120, 90, 4, 20, 0.75);
      Split split = SplitProtocol.LEAVE_LAST_OUT.split(world.sequences, 5, 0, 0);
      for (I2iMethod method : I2iMethod.values()) {
        ItemToItemIndex full = ItemToItemIndex.build(split.train(),
            I2iConfig.defaults().withMethod(method).withListLength(60), Progress.NONE);
        List<HitRateSweep.Point> curve = HitRateSweep.sweep(full, split.train(), split.test(), 5,
            new int[] {1, 2, 5, 10, 20, 40, 60});
        assertThat(curve.getLast().hitRate()).isGreaterThan(curve.getFirst().hitRate());
        for (int i = 1; i < curve.size(); i++) {
          assertThat(curve.get(i).hitRate()).isGreaterThanOrEqualTo(curve.get(i - 1).hitRate());
          assertThat(curve.get(i).meanCandidates()).isGreaterThanOrEqualTo(curve.get(i - 1).meanCandidates());
          assertThat(curve.get(i).entries()).isGreaterThanOrEqualTo(curve.get(i - 1).entries());
        }
        // The sweep over the full lists equals a sweep over lists truncated to that length.
        List<HitRateSweep.Point> at20 = HitRateSweep.sweep(full.truncated(20), split.train(), split.test(), 5,
            new int[] {20});
        assertThat(at20.getFirst()).isEqualTo(curve.get(4));
      }
    }
  }

  @Test
  void kneeIsTheShortestListWithinToleranceOfTheBest() {
    List<HitRateSweep.Point> curve = List.of(new HitRateSweep.Point(10, 0.50, 100, 10),
        new HitRateSweep.Point(50, 0.80, 500, 40), new HitRateSweep.Point(100, 0.845, 1000, 70),
        new HitRateSweep.Point(200, 0.85, 2000, 90));
    assertThat(HitRateSweep.knee(curve, 0.01)).isEqualTo(100);
    assertThat(HitRateSweep.knee(curve, 0.0)).isEqualTo(200);
    assertThat(HitRateSweep.knee(curve, 0.06)).isEqualTo(50);
    assertThat(HitRateSweep.knee(curve, 1)).isEqualTo(10);
    assertThatThrownBy(() -> HitRateSweep.knee(curve, -0.1)).hasMessageContaining("tolerance");
    assertThatThrownBy(() -> HitRateSweep.knee(List.of(), 0.01)).hasMessageContaining("empty");
  }

  @Test
  void rejectsLengthsThatAreNotStrictlyAscending() {
    UserSequences train = Sequences.of(4, new int[] {0});
    assertThatThrownBy(() -> HitRateSweep.sweep(handMadeLists(), train, new int[][] {{1}}, 1, new int[] {5, 5}))
        .hasMessageContaining("strictly ascending");
    assertThatThrownBy(() -> HitRateSweep.sweep(handMadeLists(), train, new int[][] {{1}}, 0, new int[] {5}))
        .hasMessageContaining("triggers");
  }
}
