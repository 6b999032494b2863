package io.recsys.candidate.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;

class BudgetAllocatorTest {
  @Test
  void splitsProportionallyWithLargestRemainders() {
    // Quotas 1.875, 1.875, 1.25: floors 1, 1, 1; the 2 units left go to the largest remainders.
    assertThat(BudgetAllocator.allocate(new float[] {0.375f, 0.375f, 0.25f}, 5, 0, 0)).containsExactly(2, 2, 1);
    // Quotas 5 * (3, 4, 1.5) / 8.5 = 1.76, 2.35, 0.88: floors 1, 2, 0; the 2 units left go to the
    // largest remainders, 0.88 (id 2) and 0.76 (id 0).
    assertThat(BudgetAllocator.allocate(new float[] {3, 4, 1.5f, 0}, 5, 0, 0)).containsExactly(2, 2, 1, 0);
    // Equal weights: the spare unit goes to the lowest id.
    assertThat(BudgetAllocator.allocate(new float[] {1, 1, 1}, 4, 0, 0)).containsExactly(2, 1, 1);
    assertThat(BudgetAllocator.allocate(new float[] {0.5f, 0.3f, 0.2f}, 10, 0, 0)).containsExactly(5, 3, 2);
  }

  @Test
  void raisesMinorComponentsToTheFloorAndSharesTheRest() {
    // Shares 8, 1, 1 of 10: components 1 and 2 are raised to 2; component 0 keeps the remaining 6.
    assertThat(BudgetAllocator.allocate(new float[] {8, 1, 1}, 10, 2, 0)).containsExactly(6, 2, 2);
    // Below minWeight a component gets no floor: 0.05 of 20 is 1.
    assertThat(BudgetAllocator.allocate(new float[] {0.9f, 0.05f, 0.05f}, 20, 3, 0.1f)).containsExactly(18, 1, 1);
    // Water-filling: fixing component 2 at the floor pushes component 1 below it too.
    assertThat(BudgetAllocator.allocate(new float[] {0.7f, 0.17f, 0.13f}, 10, 2, 0)).containsExactly(6, 2, 2);
  }

  @Test
  void givesTheHeaviestComponentsTheFloorFirstWhenTheBudgetIsShort() {
    // 4 components owed 3 each, budget 7: by weight 1, 3, 0, 2 -> 3, 3, the last unit, nothing.
    assertThat(BudgetAllocator.allocate(new float[] {0.2f, 0.4f, 0.1f, 0.3f}, 7, 3, 0)).containsExactly(1, 3, 0, 3);
    // Ties by lower id.
    assertThat(BudgetAllocator.allocate(new float[] {1, 1, 1}, 2, 1, 0)).containsExactly(1, 1, 0);
  }

  @Test
  void defaultsGiveOneSlotFromFivePercentWeight() {
    // 0.06 is raised to 1 slot; 0.04 is below the default minimum weight: its 0.38 of the other 9
    // loses the last unit to 0.9 (8.62).
    assertThat(BudgetAllocator.allocate(new float[] {0.9f, 0.06f, 0.04f}, 10)).containsExactly(9, 1, 0);
    assertThat(BudgetAllocator.allocate(new float[] {0.94f, 0.06f}, 10)).containsExactly(9, 1);
  }

  @Test
  void givesNothingToZeroWeightsAndNothingAtAllWithoutWeightOrBudget() {
    assertThat(BudgetAllocator.allocate(new float[] {0, 1, 0}, 7, 2, 0)).containsExactly(0, 7, 0);
    assertThat(BudgetAllocator.allocate(new float[] {0, 0}, 7, 2, 0)).containsExactly(0, 0);
    assertThat(BudgetAllocator.allocate(new float[] {1, 2}, 0, 2, 0)).containsExactly(0, 0);
    assertThat(BudgetAllocator.allocate(new float[0], 5, 1, 0)).isEmpty();
  }

  @Test
  void refusesNegativeNanAndInfiniteWeightsAndBadParameters() {
    assertThatThrownBy(() -> BudgetAllocator.allocate(new float[] {1, -0.1f}, 5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("component 1");
    assertThatThrownBy(() -> BudgetAllocator.allocate(new float[] {Float.NaN}, 5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> BudgetAllocator.allocate(new float[] {Float.POSITIVE_INFINITY}, 5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BudgetAllocator.allocate(new float[] {1}, -1, 0, 0)).hasMessageContaining("total");
    assertThatThrownBy(() -> BudgetAllocator.allocate(new float[] {1}, 5, -1, 0)).hasMessageContaining("floor");
    assertThatThrownBy(() -> BudgetAllocator.allocate(new float[] {1}, 5, 0, Float.NaN)).hasMessageContaining("minWeight");
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 200)
  void keepsItsInvariantsOnGeneratedWeights(long seed) {
    Gen gen = new Gen(seed);
    int n = gen.intBetween(0, 24);
    float[] w = new float[n];
    for (int c = 0; c < n; c++) w[c] = gen.chance(0.2) ? 0 : (float) gen.doubleBetween(0, 1);
    int total = gen.intBetween(0, 500);
    int floor = gen.intBetween(0, 10);
    float minWeight = (float) gen.doubleBetween(0, 0.2);
    String generated = Arrays.toString(w) + " total=" + total + " floor=" + floor + " minWeight=" + minWeight;
    Seeds.check(seed, generated, () -> {
      int[] k = BudgetAllocator.allocate(w, total, floor, minWeight);
      double weightSum = 0;
      int eligible = 0;
      for (int c = 0; c < n; c++) {
        weightSum += w[c];
        if (w[c] > 0 && w[c] >= minWeight) eligible++;
      }
      int sum = Arrays.stream(k).sum();
      assertThat(sum).as("sum").isEqualTo(weightSum > 0 ? total : 0);
      boolean floorsFit = (long) eligible * floor <= total;
      for (int c = 0; c < n; c++) {
        assertThat(k[c]).as("share of %d", c).isNotNegative();
        if (w[c] == 0) assertThat(k[c]).as("share of zero-weight %d", c).isZero();
        if (floorsFit && w[c] > 0 && w[c] >= minWeight) assertThat(k[c]).as("floor of %d", c).isGreaterThanOrEqualTo(floor);
        if (!floorsFit) assertThat(k[c]).as("short budget: at most the floor").isLessThanOrEqualTo(floor);
        if (floor == 0 && weightSum > 0) {
          double quota = total * w[c] / weightSum;
          assertThat(Math.abs(k[c] - quota)).as("distance of %d from its quota %s", c, quota).isLessThan(1.0);
        }
        for (int d = 0; d < n; d++) {
          if (w[c] > w[d] && (floorsFit || floor == 0)) assertThat(k[c]).as("heavier %d vs %d", c, d).isGreaterThanOrEqualTo(k[d]);
        }
      }
    });
  }
}
