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
    byte[] counters = section(inspect.get(key), 1, 58);

    store.putEmbeddings(Map.of("a", new float[] {1f, 2f, 3f}));
    store.putItems(List.of(new Item("a", "A long title with ünïcode", List.of("X", "Y", "Z"), 1999, Map.of("k", "v"))));
    store.putEmbeddings(Map.of("a", new float[] {4f}));
    store.putItems(List.of(new Item("a", "B", List.of(), 2001, Map.of())));
    assertThat(section(inspect.get(key), 1, 58)).as("flags and counters").isEqualTo(counters);

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
    assertThat(section(stored, 58, stored.length - 8)).as("metadata section").isEqualTo(section(expected, 58, expected.length - 4));
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
        .isInstanceOf(FeatureStoreException.class).hasMessageContaining("not an item record of format 1");
    assertThatThrownBy(() -> store.putEmbeddings(Map.of("a", new float[] {1f})))
        .isInstanceOf(FeatureStoreException.class).hasMessageContaining("not an item record of format 1");
    assertThat(inspect.get(key)).containsExactly(9, 9, 9);
  }

  private static byte[] section(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }
}
