package io.recsys.featurestore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {
  private final FeatureSchema schema = new FeatureSchema(3, Set.of("s1", "s2"), Set.of("q"));
  private final KeyLayout layout = new KeyLayout("rs", 3);

  @Test
  void keysCarryNamespaceVersionAndAHashTaggedEntityId() {
    assertThat(layout.user("42", KeyLayout.HISTORY)).isEqualTo("rs:v3:{u:42}:hist");
    assertThat(layout.item("42", KeyLayout.ITEM_FEATURES)).isEqualTo("rs:v3:{i:42}:f");
    assertThat(layout.group(EntityType.USER, "42", "s1")).isEqualTo("rs:v3:{u:42}:fg:s1");
    assertThat(new KeyLayout("shop-a", 7).schemaKey()).isEqualTo("shop-a:schema");
    assertThat(new KeyLayout("shop-a", 7).user("x", "mix")).isEqualTo("shop-a:v7:{u:x}:mix");
  }

  @Test
  void allKeysOfOneEntityHashToOneClusterSlot() {
    for (String id : new String[] {"42", "user@example.com", "ünï", "a}b", "x{y"}) {
      assertThat(layout.userKeys(id, schema).stream().map(SlotHash::getSlot).distinct()).as(id).hasSize(1);
      assertThat(layout.itemKeys(id, schema).stream().map(SlotHash::getSlot).distinct()).as(id).hasSize(1);
    }
  }

  @Test
  void userKeysListEveryDeclaredGroup() {
    List<String> keys = layout.userKeys("7", schema);
    assertThat(keys).containsExactlyInAnyOrder("rs:v3:{u:7}:hist", "rs:v3:{u:7}:seen", "rs:v3:{u:7}:mix",
        "rs:v3:{u:7}:erased", "rs:v3:{u:7}:attr", "rs:v3:{u:7}:fg:s1", "rs:v3:{u:7}:fg:s2");
    // the real-time writer's script takes history, event ids and mixture by position
    assertThat(keys.subList(0, 4)).containsExactly("rs:v3:{u:7}:hist", "rs:v3:{u:7}:seen", "rs:v3:{u:7}:mix", "rs:v3:{u:7}:erased");
  }

  @Test
  void emptyIdsAndBadNamespacesAreRejected() {
    assertThatThrownBy(() -> layout.user("", "hist")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USER id is empty");
    assertThatThrownBy(() -> new KeyLayout("a:b", 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a:b'");
    assertThatThrownBy(() -> new KeyLayout("rs", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }
}
