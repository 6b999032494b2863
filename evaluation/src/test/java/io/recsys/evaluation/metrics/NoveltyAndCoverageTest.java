package io.recsys.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NoveltyAndCoverageTest {
  @Test
  void noveltyIsTheMeanSmoothedSelfInformation() {
    // 7 training users; item 0 seen by 7, item 1 by 1, item 2 by none.
    Novelty novelty = new Novelty(new int[] {7, 1, 0}, 7);
    // -log2(8/8) = 0; -log2(2/8) = 2; -log2(1/8) = 3
    assertThat(novelty.of(new int[] {0, 1, 2}, 3)).isCloseTo(5.0 / 3, within(1e-12));
    assertThat(novelty.of(new int[] {0}, 1)).isZero();
  }

  @Test
  void lessPopularItemsAreMoreNovel() {
    Novelty novelty = new Novelty(new int[] {50, 5}, 100);
    assertThat(novelty.of(new int[] {1}, 1)).isGreaterThan(novelty.of(new int[] {0}, 1));
  }

  @Test
  void coverageCountsDistinctItemsShownOverTheCatalogue() {
    CatalogueCoverage coverage = new CatalogueCoverage(10);
    coverage.add(new int[] {1, 2, 3}, 3);
    coverage.add(new int[] {3, 4, 9}, 2); // only 3 and 4 count
    assertThat(coverage.distinctItems()).isEqualTo(4);
    assertThat(coverage.value()).isEqualTo(0.4);
  }
}
