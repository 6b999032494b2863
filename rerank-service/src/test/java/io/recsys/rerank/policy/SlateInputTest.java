package io.recsys.rerank.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SlateInputTest {
  @Test
  void storesEmbeddingsAsUnitVectorsAndMissingOnesAsZeros() {
    SlateInput in = new SlateInput(2);
    float[] e = {3, 4};
    in.add("a", 1, 0.5, 0, e, 0, 0, 1);
    in.add("b", 1, 0.5, 0, null, 0, 0, 1);
    in.add("c", 1, 0.5, 0, new float[] {0, 0}, 0, 0, 1);
    assertThat(e).containsExactly(3, 4); // the caller's array is copied, not normalised in place
    assertThat(in.embeddings()[0]).isCloseTo(0.6f, within(1e-7f));
    assertThat(in.embeddings()[1]).isCloseTo(0.8f, within(1e-7f));
    assertThat(in.hasEmbedding()[0]).isTrue();
    assertThat(in.hasEmbedding()[1]).isFalse();
    assertThat(in.hasEmbedding()[2]).isFalse();
    assertThat(in.embeddings()[2]).isZero();
    assertThat(in.embeddings()[5]).isZero();
  }

  @Test
  void growsPastItsInitialCapacityAndClearKeepsNothingOfTheLastRequest() {
    SlateInput in = new SlateInput(3);
    for (int i = 0; i < 1000; i++) {
      assertThat(in.add("i" + i, i, 0.1, i % 7, new float[] {i, 1, 0}, i, 0, 1)).isEqualTo(i);
    }
    in.pin(5, 0);
    assertThat(in.size()).isEqualTo(1000);
    assertThat(in.itemId(999)).isEqualTo("i999");
    assertThat(in.groupCount()).isEqualTo(7);
    in.clear();
    assertThat(in.size()).isZero();
    assertThat(in.pinCount()).isZero();
    assertThat(in.groupCount()).isZero();
    assertThat(in.add("new", 1, 0.1, 42, null, 0, 0, 1)).isZero();
    assertThat(in.groups()[0]).isZero(); // dense ids restart
    assertThat(in.category(0)).isEqualTo(42);
    assertThat(in.hasEmbedding()[0]).isFalse();
  }

  @Test
  void mapsCategoriesToDenseGroupsInOrderOfAppearance() {
    SlateInput in = new SlateInput(0);
    in.add("a", 1, 0.1, 1_000_000, null, 0, 0, 1);
    in.add("b", 1, 0.1, -1, null, 0, 0, 1);
    in.add("c", 1, 0.1, 3, null, 0, 0, 1);
    in.add("d", 1, 0.1, 1_000_000, null, 0, 0, 1);
    assertThat(in.groups()).startsWith(0, -1, 1, 0);
    assertThat(in.groupCount()).isEqualTo(2);
  }

  @Test
  void rejectsInvalidItemsNamingTheField() {
    SlateInput in = new SlateInput(2);
    assertThatThrownBy(() -> in.add("x", 1, 1.5, 0, null, 0, 0, 1)).hasMessageContaining("clickProbability of x");
    assertThatThrownBy(() -> in.add("x", Double.NaN, 0.5, 0, null, 0, 0, 1)).hasMessageContaining("score of x");
    assertThatThrownBy(() -> in.add("x", 1, 0.5, -2, null, 0, 0, 1)).hasMessageContaining("category of x");
    assertThatThrownBy(() -> in.add("x", 1, 0.5, 0, null, 0, 0, -1)).hasMessageContaining("boost of x");
    assertThatThrownBy(() -> in.add("x", 1, 0.5, 0, new float[3], 0, 0, 1)).hasMessageContaining("3 dimensions");
    assertThatThrownBy(() -> in.add("x", 1, 0.5, 0, new float[] {Float.NaN, 1}, 0, 0, 1)).hasMessageContaining("non-finite");
    assertThatThrownBy(() -> new SlateInput(-1)).hasMessageContaining("embeddingDim");
    assertThat(in.size()).isZero();
  }

  @Test
  void refusesConflictingPins() {
    SlateInput in = new SlateInput(0);
    for (int i = 0; i < 3; i++) in.add("i" + i, 1, 0.1, -1, null, 0, 0, 1);
    in.pin(0, 2);
    in.pin(0, 2); // the same pin again changes nothing
    assertThat(in.pinCount()).isEqualTo(1);
    assertThatThrownBy(() -> in.pin(0, 1)).hasMessageContaining("item 0 is already pinned to slot 2");
    assertThatThrownBy(() -> in.pin(1, 2)).hasMessageContaining("slot 2 is already pinned to item 0");
    assertThatThrownBy(() -> in.pin(3, 0)).hasMessageContaining("no item 3");
    assertThatThrownBy(() -> in.pin(1, -1)).hasMessageContaining("slot must be >= 0");
  }
}
