package io.recsys.candidate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.candidate.embed.ItemVectors;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExactItemIndexTest extends ItemIndexContract {
  @Override
  protected ItemIndex build(ItemVectors vectors, int[] clusterOfRow, String[][] categoriesOfRow, Path dir) {
    return new ExactItemIndex(vectors, clusterOfRow, categoriesOfRow);
  }

  @Override
  protected boolean isExact() {
    return true;
  }

  @Test
  void refusesVectorsThatAreNotUnitLength() {
    ItemVectors raw = new ItemVectors(new String[] {"a", "b"}, 2, new float[] {1, 0, 3, 4});
    assertThatThrownBy(() -> new ExactItemIndex(raw, new int[2], new String[2][]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1").hasMessageContaining("normalised");
  }

  @Test
  void aRowOfNoClusterIsFoundByGlobalSearchesOnly() {
    ItemVectors v = new ItemVectors(new String[] {"a", "b", "c"}, 2, new float[] {1, 0, 0, 1, 0.6f, 0.8f});
    ExactItemIndex index = new ExactItemIndex(v, new int[] {0, -1, 0}, new String[3][]);
    Neighbours out = new Neighbours(3);
    index.search(new float[] {0, 1}, 3, SearchFilter.NONE, out);
    assertThat(out.size()).isEqualTo(3);
    assertThat(out.row(0)).isEqualTo(1);
    out.clear();
    index.search(new float[] {0, 1}, 3, SearchFilter.cluster(0), out);
    assertThat(out.size()).isEqualTo(2);
    assertThat(out.row(0)).isEqualTo(2);
  }

  @Test
  void refusesInputsThatDoNotMatchTheVectors() {
    ItemVectors v = new ItemVectors(new String[] {"a", "b"}, 2, new float[] {1, 0, 0, 1});
    assertThatThrownBy(() -> new ExactItemIndex(v, new int[3], new String[2][]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterOfRow has 3 entries for 2 items");
    assertThatThrownBy(() -> new ExactItemIndex(v, new int[] {0, -2}, new String[2][]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterOfRow[1] = -2");
    assertThatThrownBy(() -> new ExactItemIndex(v, new int[2], new String[][] {{"x"}, {""}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categoriesOfRow[1]");
  }
}
