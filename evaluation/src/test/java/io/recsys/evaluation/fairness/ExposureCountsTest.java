package io.recsys.evaluation.fairness;

import static io.recsys.evaluation.fairness.Allocations.A2;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A;
import static io.recsys.evaluation.fairness.Allocations.EXAMPLE_A_ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExposureCountsTest {

  @Test
  void countsExposureAndRankWeightedExposurePerItem() {
    ExposureCounts e = ExposureCounts.from(EXAMPLE_A, EXAMPLE_A_ITEMS);

    // {0,1}, {0,2}, {1,0}: item 0 at ranks 1, 1, 2; item 1 at ranks 2, 1; item 2 at rank 2.
    assertThat(e.counts()).containsExactly(3, 2, 1, 0);
    // weight 1/log2(rank + 1): rank 1 -> 1, rank 2 -> 1/log2(3) = A2
    assertThat(e.rankWeightedExposure(0)).isCloseTo(2 + A2, within(1e-15));
    assertThat(e.rankWeightedExposure(1)).isCloseTo(1 + A2, within(1e-15));
    assertThat(e.rankWeightedExposure(2)).isCloseTo(A2, within(1e-15));
    assertThat(e.rankWeightedExposure(3)).isZero();
    assertThat(e.users()).isEqualTo(3);
    assertThat(e.listLength()).isEqualTo(2);
    assertThat(e.items()).isEqualTo(4);
    assertThat(e.slots()).isEqualTo(6);
    assertThat(e.maximinShare()).isEqualTo(1); // floor(6 / 4)
    assertThat(e.slotRemainder()).isEqualTo(2); // 6 mod 4
    assertThat(e.exposedItems()).isEqualTo(3);
    assertThat(e.sumOfSquaredCounts()).isEqualTo(14); // 9 + 4 + 1
  }

  @Test
  void accessorsReturnCopiesThatCannotChangeTheCounts() {
    ExposureCounts e = ExposureCounts.from(EXAMPLE_A, EXAMPLE_A_ITEMS);
    e.counts()[0] = 99;
    e.rankWeightedExposures()[0] = 99;

    assertThat(e.count(0)).isEqualTo(3);
    assertThat(e.rankWeightedExposure(0)).isCloseTo(2 + A2, within(1e-15));
  }

  @Test
  void rejectsListsOfDifferentLengthNamingTheList() {
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{0, 1}, {2}}, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list 1 has length 1")
        .hasMessageContaining("same k");
  }

  @Test
  void rejectsAnItemRepeatedWithinOneList() {
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{0, 1, 2}, {3, 1, 3}}, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list 1 contains item 3 twice (again at rank 3)");
  }

  @Test
  void allowsTheSameItemInDifferentLists() {
    assertThat(ExposureCounts.from(new int[][] {{0, 1}, {0, 1}}, 2).counts()).containsExactly(2, 2);
  }

  @Test
  void rejectsItemIndexesOutsideTheCatalogue() {
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{0, 1}, {2, 4}}, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list 1 rank 2: item index 4 is outside 0..3 (n = 4)");
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{-1, 1}}, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item index -1");
  }

  @Test
  void rejectsListsLongerThanTheCatalogue() {
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{0, 1, 2}}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k = 3 exceeds the catalogue size n = 2");
  }

  @Test
  void rejectsEmptyMissingOrNullInput() {
    assertThatThrownBy(() -> ExposureCounts.from(new int[0][], 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one user");
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{}, {}}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list 0 is empty");
    assertThatThrownBy(() -> ExposureCounts.from(null, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be null");
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{0}, null}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list 1 is null");
    assertThatThrownBy(() -> ExposureCounts.from(new int[][] {{0}}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n must be at least 1, got 0");
  }

  @Test
  void listsExposeTheirItemsByOneBasedRank() {
    TopKLists lists = TopKLists.of(EXAMPLE_A, EXAMPLE_A_ITEMS);

    assertThat(lists.item(2, 1)).isEqualTo(1);
    assertThat(lists.item(2, 2)).isEqualTo(0);
    assertThat(ExposureCounts.of(lists).lists()).isSameAs(lists);
  }
}
