package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchFilterTest {
  @Test
  void noneRestrictsNothing() {
    assertThat(SearchFilter.NONE.hasCluster()).isFalse();
    assertThat(SearchFilter.NONE.hasCategories()).isFalse();
    assertThat(SearchFilter.NONE.hasExclusions()).isFalse();
  }

  @Test
  void derivedFiltersKeepTheOtherParts() {
    SearchFilter f = SearchFilter.categories(Set.of("Comedy")).excluding(IntSet.of(4, 5)).withCluster(3);
    assertThat(f.cluster()).isEqualTo(3);
    assertThat(f.categories()).containsExactly("Comedy");
    assertThat(f.excludedRows()).containsExactlyInAnyOrder(4, 5);
    assertThat(f.withCluster(-1).hasCluster()).isFalse();
    assertThat(SearchFilter.cluster(2).excluding(IntSet.of()).hasExclusions()).isFalse();
  }

  @Test
  void setsCannotBeChangedThroughTheFilter() {
    Set<String> cats = new HashSet<>(Set.of("a"));
    IntSet rows = new IntOpenHashSet(new int[] {1});
    SearchFilter f = new SearchFilter(-1, cats, rows);
    cats.add("b");
    assertThat(f.categories()).containsExactly("a");
    assertThatThrownBy(() -> f.excludedRows().add(2)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsInvalidParts() {
    assertThatThrownBy(() -> new SearchFilter(-2, Set.of(), IntSet.of())).hasMessageContaining("cluster must be -1");
    assertThatThrownBy(() -> SearchFilter.cluster(-1)).hasMessageContaining("cluster must be >= 0");
    assertThatThrownBy(() -> SearchFilter.categories(Set.of(""))).hasMessageContaining("empty name");
  }
}
