package io.recsys.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntraListDiversityTest {
  // item 0: {0,1}, item 1: {1,2}, item 2: {0,1}, item 3: {}
  private final IntraListDiversity ild = new IntraListDiversity(
      new int[][] {{0, 1}, {1, 2}, {0, 1}, {}},
      new float[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 0}});

  @Test
  void categoryDiversityIsTheMeanPairwiseJaccardDistance() {
    // pairs: (0,1) 1 - 1/3 = 2/3; (0,2) 0; (1,2) 2/3 -> mean 4/9
    assertThat(ild.byCategory(new int[] {0, 1, 2}, 3)).isCloseTo(4.0 / 9, within(1e-12));
  }

  @Test
  void twoItemsWithoutCategoriesAreIdentical() {
    assertThat(IntraListDiversity.jaccardDistance(new int[0], null)).isZero();
    assertThat(IntraListDiversity.jaccardDistance(new int[] {1}, new int[0])).isEqualTo(1.0);
  }

  @Test
  void embeddingDiversityIsTheMeanPairwiseCosineDistance() {
    // (0,1): cos 0 -> 1; (0,3): cos -1 -> 2; (1,3): cos 0 -> 1; mean 4/3
    assertThat(ild.byEmbedding(new int[] {0, 1, 3}, 3)).isCloseTo(4.0 / 3, within(1e-9));
  }

  @Test
  void aListOfOneItemHasNoDiversity() {
    assertThat(ild.byCategory(new int[] {0}, 1)).isZero();
    assertThat(ild.byEmbedding(new int[] {0}, 1)).isZero();
  }

  @Test
  void rejectsUnsortedCategoryIndexes() {
    assertThatThrownBy(() -> new IntraListDiversity(new int[][] {{2, 1}}, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 0");
  }
}
