package io.recsys.featurestore.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** Item records round-trip generated items and embeddings (one seeded case per invocation), and fixed examples. */
class ItemRecordProperties {

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void metadataRecordsDecodeToTheItemWithoutEmbeddingOrCounters(long seed) {
    Item item = item(new Gen(seed));
    Seeds.check(seed, item, () -> {
      ItemFeatures f = ItemRecord.decode(item.itemId(), ItemRecord.withMetadata(item), 0, 1000);
      assertThat(f.present()).isTrue();
      assertThat(f.title()).isEqualTo(item.title());
      assertThat(f.categories()).isEqualTo(item.categories());
      assertThat(f.year()).isEqualTo(item.year());
      assertThat(f.attributes()).isEqualTo(item.attributes());
      assertThat(f.embedding()).isEmpty();
      assertThat(f.counters()).isEqualTo(ItemCounters.NONE);
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void embeddingRecordsDecodeBitForBitWithEmptyMetadata(long seed) {
    float[] v = vector(new Gen(seed));
    Seeds.check(seed, Arrays.toString(v), () -> {
      ItemFeatures f = ItemRecord.decode("i", ItemRecord.withEmbedding(v), 0, 1000);
      assertThat(f.title()).isEmpty();
      assertThat(f.categories()).isEmpty();
      assertThat(f.embedding()).hasSameSizeAs(v);
      for (int i = 0; i < v.length; i++) {
        assertThat(Float.floatToRawIntBits(f.embedding()[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
      }
    });
  }

  @Test
  void layoutIsFormatFlagsCountersThenLengthPrefixedMetadataAndEmbedding() {
    byte[] r = ItemRecord.withEmbedding(new float[] {1f, -2f});
    ByteBuffer in = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(r).hasSize(90 + 4 + 4 + 8);
    assertThat(in.get(0)).isEqualTo((byte) 2);
    assertThat(in.get(1)).isZero();
    assertThat(Arrays.copyOfRange(r, 2, 90)).containsOnly(0);
    assertThat(in.getInt(90)).isZero();
    assertThat(in.getInt(94)).isEqualTo(8);
    assertThat(in.getFloat(98)).isEqualTo(1f);
    assertThat(in.getFloat(102)).isEqualTo(-2f);

    byte[] m = ItemRecord.withMetadata(new Item("x", "Tî", List.of("A"), 1995, Map.of("k", "v")));
    ByteBuffer mb = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    int titleBytes = "Tî".getBytes(StandardCharsets.UTF_8).length;
    int metadata = 4 + (4 + titleBytes) + (4 + 4 + 1) + (4 + 4 + 1 + 4 + 1);
    assertThat(mb.getInt(90)).isEqualTo(metadata);
    assertThat(mb.getInt(94)).isEqualTo(1995);
    assertThat(mb.getInt(98)).isEqualTo(titleBytes);
    assertThat(mb.getInt(94 + metadata)).as("embedding length").isZero();
    assertThat(m).hasSize(94 + metadata + 4);
  }

  @Test
  void countersAreDecayedToTheReadTimeWhenTheFlagSaysTheyExist() {
    byte[] r = ItemRecord.withEmbedding(new float[0]);
    ByteBuffer out = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
    out.put(1, (byte) 1);
    // impressions, clicks, favourites, carts, purchases decayed; as-of; the five counts
    double[] values = {8, 4, 2, 6, 2, 1000, 8, 4, 2, 6, 2};
    for (int k = 0; k < values.length; k++) out.putDouble(2 + 8 * k, values[k]);
    ItemCounters c = ItemRecord.decode("i", r, 3000, 1000).counters();
    assertThat(new double[] {c.impressions(), c.clicks(), c.favourites(), c.carts(), c.purchases()})
        .containsExactly(2, 1, 0.5, 1.5, 0.5);
    assertThat(new long[] {c.impressionCount(), c.clickCount(), c.favouriteCount(), c.cartCount(), c.purchaseCount()})
        .containsExactly(8, 4, 2, 6, 2);
    assertThat(ItemRecord.counters("i", r, 3000, 1000)).isEqualTo(c);
    assertThat(ItemRecord.counters("i", null, 3000, 1000)).isEqualTo(ItemCounters.NONE);
  }

  @Test
  void aMissingRecordIsAnAbsentItem() {
    ItemFeatures f = ItemRecord.decode("gone", null, 0, 1000);
    assertThat(f.itemId()).isEqualTo("gone");
    assertThat(f.present()).isFalse();
    assertThat(f.embedding()).isEmpty();
    assertThat(f.counters()).isEqualTo(ItemCounters.NONE);
  }

  @Test
  void unknownFormatsAndDamagedRecordsAreRejectedNamingTheItem() {
    byte[] good = ItemRecord.withMetadata(new Item("x", "T", List.of("A", "B"), 1, Map.of()));
    byte[] otherFormat = good.clone();
    otherFormat[0] = 3;
    assertThatThrownBy(() -> ItemRecord.decode("x", otherFormat, 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 'x'").hasMessageContaining("format 3");
    assertThatThrownBy(() -> ItemRecord.decode("x", Arrays.copyOf(good, good.length - 1), 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'x'").hasMessageContaining("corrupt");
    assertThatThrownBy(() -> ItemRecord.decode("x", Arrays.copyOf(good, good.length + 3), 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 trailing bytes");
    assertThatThrownBy(() -> ItemRecord.decode("x", new byte[] {1, 0, 0}, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only 3 bytes");
    byte[] hugeCount = good.clone();
    ByteBuffer.wrap(hugeCount).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(ItemRecord.METADATA_OFFSET + 4 + 4 + 4 + 1, Integer.MAX_VALUE); // length, year, title "T": the category count
    assertThatThrownBy(() -> ItemRecord.decode("x", hugeCount, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count " + Integer.MAX_VALUE);
  }

  /** An alphabetic id of 1..6 letters; title, categories and attributes of any text up to 12 chars; any year. */
  private static Item item(Gen gen) {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    return new Item(gen.string(1, 6, letters), gen.string(0, 12), gen.list(0, 4, () -> gen.string(0, 12)), gen.anyInt(),
        gen.map(0, 4, () -> gen.string(0, 12), () -> gen.string(0, 12)));
  }

  /** Up to 80 components of any bit pattern. */
  private static float[] vector(Gen gen) {
    float[] v = new float[gen.size(0, 80)];
    for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(gen.anyInt());
    return v;
  }
}
