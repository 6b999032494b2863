package io.recsys.featurestore.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import io.recsys.featurestore.store.ItemCounters;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Lua writers of {@link ItemRecord}: each replaces its own section and keeps the others byte for byte. */
class ItemRecordScriptsTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private RedisFeatureStore store;
  private RedisClient inspectClient;
  private StatefulRedisConnection<String, byte[]> inspectConnection;
  private RedisCommands<String, byte[]> inspect;
  private String key;

  @BeforeEach
  void open() {
    store = RedisFeatureStore.open(RedisConnectionConfig.standalone(redis.uri()), FeatureStoreConfig.defaults(), clock);
    inspectClient = RedisClient.create(redis.uri());
    inspectConnection = inspectClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    inspect = inspectConnection.sync();
    key = FeatureStoreConfig.defaults().keyLayout().item("a", "f");
  }

  @AfterEach
  void close() {
    inspectConnection.close();
    inspectClient.shutdown();
    store.close();
  }

  @Test
  void eachWriterReplacesOnlyItsSectionWhateverTheOtherSectionsLengths() {
    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.CLICKS, 3, clock.millis())));
    byte[] counters = section(inspect.get(key), 1, ItemRecord.METADATA_OFFSET);

    store.putEmbeddings(Map.of("a", new float[] {1f, 2f, 3f}));
    store.putItems(List.of(new Item("a", "A long title with ünïcode", List.of("X", "Y", "Z"), 1999, Map.of("k", "v"))));
    store.putEmbeddings(Map.of("a", new float[] {4f}));
    store.putItems(List.of(new Item("a", "B", List.of(), 2001, Map.of())));
    assertThat(section(inspect.get(key), 1, ItemRecord.METADATA_OFFSET)).as("flags and counters").isEqualTo(counters);

    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.IMPRESSIONS, 5, clock.millis())));
    ItemFeatures f = store.item("a");
    assertThat(f.title()).isEqualTo("B");
    assertThat(f.categories()).isEmpty();
    assertThat(f.year()).isEqualTo(2001);
    assertThat(f.embedding()).containsExactly(4f);
    assertThat(f.counters().clickCount()).isEqualTo(3);
    assertThat(f.counters().impressionCount()).isEqualTo(5);
    byte[] expected = ItemRecord.withMetadata(new Item("a", "B", List.of(), 2001, Map.of()));
    byte[] stored = inspect.get(key);
    int m = ItemRecord.METADATA_OFFSET;
    assertThat(section(stored, m, stored.length - 8)).as("metadata section").isEqualTo(section(expected, m, expected.length - 4));
  }

  @Test
  void sectionWritesSurviveAnEmptiedScriptCache() {
    store.putItems(List.of(new Item("a", "T", List.of(), 0, Map.of())));
    inspect.scriptFlush();
    store.putEmbeddings(Map.of("a", new float[] {7f}, "b", new float[] {8f}));
    assertThat(store.items(List.of("a", "b"))).extracting(ItemFeatures::title).containsExactly("T", "");
    assertThat(store.item("b").embedding()).containsExactly(8f);
  }

  @Test
  void valuesThatAreNotItemRecordsFailWritesLoudlyAndAreNotOverwritten() {
    inspect.hset(key, "title", "old layout".getBytes());
    assertThatThrownBy(() -> store.putItems(List.of(new Item("a", "T", List.of(), 0, Map.of()))))
        .isInstanceOf(FeatureStoreException.class).hasMessageContaining("WRONGTYPE");
    inspect.del(key);
    inspect.set(key, new byte[] {9, 9, 9});
    assertThatThrownBy(() -> store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.CLICKS, 1, 0))))
        .isInstanceOf(FeatureStoreException.class).hasMessageContaining("not an item record of format 1 or 2");
    assertThatThrownBy(() -> store.putEmbeddings(Map.of("a", new float[] {1f})))
        .isInstanceOf(FeatureStoreException.class).hasMessageContaining("not an item record of format 1 or 2");
    assertThat(inspect.get(key)).containsExactly(9, 9, 9);
  }

  /**
   * A record an earlier build wrote (format 1: seven counters, metadata length at 58) is read as it is,
   * and each writer turns it into format 2 without losing a counter, the metadata or the embedding.
   */
  @Test
  void format1RecordsAreReadAndRewrittenAsFormat2ByEveryWriter() {
    long t = clock.millis();
    String b = FeatureStoreConfig.defaults().keyLayout().item("b", "f");
    String c = FeatureStoreConfig.defaults().keyLayout().item("c", "f");
    inspect.set(key, Format1Record.of(t, 8, 2, 1, "Old", new float[] {1f, 2f}));
    inspect.set(b, Format1Record.of(t, 4, 1, 0, "Bee", new float[] {3f}));
    inspect.set(c, Format1Record.of(t, 2, 2, 2, "Sea", new float[0]));

    ItemFeatures read = store.item("a");
    assertThat(read.title()).isEqualTo("Old");
    assertThat(read.embedding()).containsExactly(1f, 2f);
    assertThat(read.counters()).isEqualTo(new ItemCounters(8, 2, 0, 0, 1, 8, 2, 0, 0, 1));

    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.CARTS, 3, t)));
    store.putEmbeddings(Map.of("b", new float[] {9f, 9f}));
    store.putItems(List.of(new Item("c", "Sea, renamed", List.of("K"), 0, Map.of())));

    assertThat(inspect.get(key)[0]).isEqualTo((byte) 2);
    assertThat(inspect.get(b)[0]).isEqualTo((byte) 2);
    assertThat(inspect.get(c)[0]).isEqualTo((byte) 2);
    assertThat(store.item("a").counters()).isEqualTo(new ItemCounters(8, 2, 0, 3, 1, 8, 2, 0, 3, 1));
    assertThat(store.item("a").title()).isEqualTo("Old");
    assertThat(store.item("a").embedding()).containsExactly(1f, 2f);
    assertThat(store.item("b").title()).isEqualTo("Bee");
    assertThat(store.item("b").embedding()).containsExactly(9f, 9f);
    assertThat(store.item("b").counters().impressionCount()).isEqualTo(4);
    assertThat(store.item("c").title()).isEqualTo("Sea, renamed");
    assertThat(store.item("c").counters()).isEqualTo(new ItemCounters(2, 2, 0, 0, 2, 2, 2, 0, 0, 2));
  }

  private static byte[] section(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }
}
