package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NeighboursTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void keepsTheBestKOfAnyOfferOrderBestFirstTiesByRow(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 500;
    int k = 1 + rnd.nextInt(60);
    float[] scores = new float[n];
    // Few distinct values so that many scores tie.
    for (int i = 0; i < n; i++) scores[i] = rnd.nextInt(20) / 4f;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Integer[] shuffled = order.clone();
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      Integer t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    Neighbours out = new Neighbours(64);
    out.begin(k);
    for (int row : shuffled) out.offer(row, scores[row]);
    out.finish();

    Arrays.sort(order, Comparator.<Integer>comparingDouble(r -> -scores[r]).thenComparingInt(r -> r));
    int[] expected = Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    assertThat(out.toRowArray()).isEqualTo(expected);
    for (int i = 0; i < k; i++) assertThat(out.score(i)).isEqualTo(scores[expected[i]]);
  }

  @Test
  void wouldAcceptSaysWhetherAnOfferWouldBeKept() {
    Neighbours out = new Neighbours(2);
    out.begin(2);
    assertThat(out.wouldAccept(9, -5f)).isTrue();
    out.offer(3, 1f);
    out.offer(5, 2f);
    assertThat(out.wouldAccept(2, 1f)).as("same score, lower row than the worst kept").isTrue();
    assertThat(out.wouldAccept(6, 1f)).as("same score, higher row").isFalse();
    assertThat(out.wouldAccept(6, 0.5f)).isFalse();
    out.offer(6, 0.5f);
    out.offer(4, 1f);
    out.offer(2, 1f);
    out.finish();
    assertThat(out.toRowArray()).containsExactly(5, 2);
  }

  @Test
  void refusesMoreThanItsCapacityAndNaNScores() {
    Neighbours out = new Neighbours(3);
    assertThatThrownBy(() -> out.begin(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 3");
    out.begin(3);
    assertThatThrownBy(() -> out.offer(1, Float.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
  }

  @Test
  void clearEmptiesAndAccessorsCheckBounds() {
    Neighbours out = new Neighbours(3);
    out.begin(0);
    out.offer(1, 1f);
    out.finish();
    assertThat(out.size()).as("k = 0 keeps nothing").isZero();
    out.begin(3);
    out.offer(1, 1f);
    out.finish();
    assertThat(out.size()).isEqualTo(1);
    assertThatThrownBy(() -> out.row(1)).isInstanceOf(IndexOutOfBoundsException.class);
    out.clear();
    assertThat(out.isEmpty()).isTrue();
  }
}
