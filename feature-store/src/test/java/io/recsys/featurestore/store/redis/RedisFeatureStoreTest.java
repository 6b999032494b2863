package io.recsys.featurestore.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.AdmissionConfig;
import io.recsys.featurestore.store.AdmissionFilter;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.EntityType;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.FeatureStoreContract;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.FeatureValues;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.featurestore.store.PartiallyAppliedException;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import io.recsys.testsupport.FreePorts;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisFeatureStoreTest extends FeatureStoreContract {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private static RedisConnection connection;
  private static RedisClient inspectClient;
  private static StatefulRedisConnection<String, byte[]> inspectConnection;
  private static RedisCommands<String, byte[]> inspect;

  @BeforeAll
  static void connect() {
    connection = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()));
    inspectClient = RedisClient.create(redis.uri());
    inspectConnection = inspectClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    inspect = inspectConnection.sync();
  }

  @AfterAll
  static void disconnect() {
    inspectConnection.close();
    inspectClient.shutdown();
    connection.close();
  }

  @Override
  protected FeatureStore openStore(FeatureStoreConfig config, MutableClock clock) {
    return RedisFeatureStore.open(connection, config, clock);
  }

  @Override
  protected AdmissionFilter admissionFilter(AdmissionConfig config, MutableClock clock) {
    return new RedisAdmissionFilter(connection, CONFIG.keyLayout(), config, clock);
  }

  @Override
  protected RealtimeFeatureWriter realtimeWriter(FeatureStoreConfig config, RealtimeConfig realtime, MutableClock clock) {
    return new RedisRealtimeFeatureWriter(connection, config, realtime, clock);
  }

  @Override
  protected void assertNothingLeftOfUser(String userId) {
    assertThat(keysMatching("*" + globEscape(KeyLayout.hashTag(EntityType.USER, userId)) + "*"))
        .as("keys of %s left in Redis", userId).isEmpty();
  }

  @Override
  protected void assertUserExpiresBetween(String userId, Duration atLeast, Duration atMost) {
    int existing = 0;
    for (String key : CONFIG.keyLayout().userKeys(userId, CONFIG.schema())) {
      if (inspect.exists(key) == 0) continue;
      existing++;
      assertThat(inspect.pttl(key)).as("PTTL of %s", key).isBetween(atLeast.toMillis(), atMost.toMillis());
    }
    assertThat(existing).as("keys of %s", userId).isPositive();
  }

  private static Set<String> keysMatching(String pattern) {
    Set<String> out = new HashSet<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = inspect.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
      out.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return out;
  }

  private static String globEscape(String s) {
    return s.replaceAll("([\\\\*?\\[\\]^])", "\\\\$1");
  }

  @Test
  void keysFollowTheDocumentedLayoutAndEachEntitysKeysShareOneClusterSlot() {
    store.appendHistory("42", List.of(new HistoryEntry("7", InteractionType.CLICK, 1)));
    store.putInterestMixture("42", new float[] {1f});
    store.putUserAttributes("42", Map.of("a", "b"));
    store.putFeatures(EntityType.USER, "42", "session", FeatureValues.builder().putFloat("x", 1f).build());
    store.putItems(List.of(new Item("7", "T", List.of(), 0, Map.of())));
    store.putFeatures(EntityType.ITEM, "7", "quality", FeatureValues.builder().putFloat("q", 1f).build());
    admissionFilter(AdmissionConfig.defaults(), clock).record("7");

    Set<String> userKeys = Set.of("rs:v3:{u:42}:hist", "rs:v3:{u:42}:mix", "rs:v3:{u:42}:attr", "rs:v3:{u:42}:fg:session");
    Set<String> itemKeys = Set.of("rs:v3:{i:7}:f", "rs:v3:{i:7}:fg:quality", "rs:v3:{i:7}:adm");
    Set<String> all = new HashSet<>(userKeys);
    all.addAll(itemKeys);
    all.add("rs:schema");
    assertThat(keysMatching("*")).isEqualTo(all);
    assertThat(userKeys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
    assertThat(itemKeys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
  }

  @Test
  void itemClustersLiveInTwoKeysOfOneSlot() {
    store.putItemClusters(4, Map.of("7", 3));
    assertThat(text(inspect.get("rs:v3:{clusters}:count"))).isEqualTo("4");
    assertThat(text(inspect.hget("rs:v3:{clusters}:items", "7"))).isEqualTo("3");
    assertThat(SlotHash.getSlot("rs:v3:{clusters}:count")).isEqualTo(SlotHash.getSlot("rs:v3:{clusters}:items"));
  }

  @Test
  void aMixtureKeyOfTheWrongTypeFailsTheUserSideBeforeAnythingIsWritten() {
    store.putItemClusters(2, Map.of("a", 1));
    inspect.hset("rs:v3:{u:u1}:mix", "not", "a vector".getBytes(StandardCharsets.UTF_8));
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, RealtimeConfig.defaults(), clock);
    assertThatThrownBy(() -> writer.apply(List.of(new FeatureEvent("e1", "u1", "a", InteractionType.CLICK, clock.millis()))))
        .isInstanceOf(PartiallyAppliedException.class).hasMessageContaining("WRONGTYPE").hasMessageContaining("user u1");
    assertThat(inspect.exists("rs:v3:{u:u1}:hist", "rs:v3:{u:u1}:seen")).as("history and event ids untouched").isZero();
  }

  @Test
  void oneScriptCallCarriesManyUsersAndAFailingUserLeavesEveryUserWholeOrUntouched() {
    store.putItemClusters(2, Map.of("a", 1));
    inspect.hset("rs:v3:{u:u2}:mix", "not", "a vector".getBytes(StandardCharsets.UTF_8));
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, RealtimeConfig.defaults(), clock);
    List<FeatureEvent> batch = List.of(
        new FeatureEvent("e1", "u1", "a", InteractionType.CLICK, clock.millis()),
        new FeatureEvent("e2", "u2", "a", InteractionType.CLICK, clock.millis()),
        new FeatureEvent("e3", "u3", "a", InteractionType.CLICK, clock.millis()));
    assertThatThrownBy(() -> writer.apply(batch)).isInstanceOfSatisfying(PartiallyAppliedException.class, e -> {
      assertThat(e).hasMessageContaining("WRONGTYPE");
      // u1 came before the failing user in the call, u3 after it: the reply still reports u1.
      assertThat(e.applied().userSideApplied()).as("users applied by the failing call").isEqualTo(1);
      assertThat(e.applied().itemSideApplied()).as("item a's call is another call").isEqualTo(3);
    });
    assertThat(inspect.exists("rs:v3:{u:u2}:hist", "rs:v3:{u:u2}:seen")).as("the failing user untouched").isZero();
    assertThat(inspect.exists("rs:v3:{u:u1}:hist")).as("the user before it applied").isEqualTo(1);
    assertThat(inspect.exists("rs:v3:{u:u3}:hist")).as("the user after it untouched").isZero();
    for (String u : List.of("u1", "u3")) {
      boolean applied = inspect.exists("rs:v3:{u:" + u + "}:hist") == 1;
      assertThat(inspect.exists("rs:v3:{u:" + u + "}:seen", "rs:v3:{u:" + u + "}:mix"))
          .as("%s: history, event ids and mixture all or nothing", u).isEqualTo(applied ? 2L : 0L);
    }

    inspect.del("rs:v3:{u:u2}:mix");
    var again = writer.apply(batch);
    assertThat(again.userSideApplied() + again.itemSideApplied()).as("what the failed call applied is not applied twice")
        .isLessThan(6);
    for (String u : List.of("u1", "u2", "u3")) assertThat(store.user(u, 10).history()).as(u).hasSize(1);
    assertThat(store.items(List.of("a")).getFirst().counters().clickCount()).isEqualTo(3);
  }

  @Test
  void anItemWhoseCountFailsKeepsNoMarkersSoTheRetryCountsItsEvents() {
    inspect.set("rs:v3:{i:a}:adm", "not a number".getBytes(StandardCharsets.UTF_8));
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, RealtimeConfig.defaults(), clock);
    List<FeatureEvent> batch = List.of(new FeatureEvent("e1", "u1", "a", InteractionType.CLICK, clock.millis()),
        new FeatureEvent("e2", "u2", "a", InteractionType.IMPRESSION, clock.millis()));
    assertThatThrownBy(() -> writer.apply(batch)).isInstanceOf(PartiallyAppliedException.class).hasMessageContaining("not an integer");
    assertThat(inspect.exists("rs:v3:{i:a}:ev:e1", "rs:v3:{i:a}:ev:e2")).as("markers undone").isZero();
    assertThat(store.itemCounters("a")).isEqualTo(ItemCounters.NONE);

    inspect.del("rs:v3:{i:a}:adm");
    assertThat(writer.apply(batch).itemSideApplied()).isEqualTo(2);
    assertThat(writer.apply(batch).itemSideApplied()).isZero();
    ItemCounters c = store.itemCounters("a");
    assertThat(new long[] {c.impressionCount(), c.clickCount()}).containsExactly(1, 1);
  }

  @Test
  void aRecordIngestionCreatesExpiresWithTheAdmissionWindowUntilAdmittedOrCatalogued() {
    RealtimeConfig realtime = new RealtimeConfig(Duration.ofMinutes(10), new AdmissionConfig(2, Duration.ofDays(1)));
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, realtime, clock);
    writer.apply(List.of(new FeatureEvent("a1", "u1", "a", InteractionType.CLICK, clock.millis()),
        new FeatureEvent("b1", "u1", "b", InteractionType.CLICK, clock.millis())));
    for (String item : List.of("a", "b")) {
      assertThat(inspect.pttl("rs:v3:{i:" + item + "}:f")).as("provisional %s", item)
          .isBetween(Duration.ofDays(1).minusMinutes(1).toMillis(), Duration.ofDays(1).toMillis());
      assertThat(inspect.get("rs:v3:{i:" + item + "}:f")[1]).as("flags of %s", item).isEqualTo((byte) 3);
    }

    writer.apply(List.of(new FeatureEvent("a2", "u2", "a", InteractionType.IMPRESSION, clock.millis()))); // a admitted
    store.putEmbeddings(Map.of("b", new float[] {1f}));                                                     // b catalogued

    for (String item : List.of("a", "b")) {
      assertThat(inspect.pttl("rs:v3:{i:" + item + "}:f")).as("permanent %s", item).isEqualTo(-1L);
      assertThat(inspect.get("rs:v3:{i:" + item + "}:f")[1]).as("flags of %s", item).isEqualTo((byte) 1);
    }
    assertThat(store.itemCounters("a").impressionCount()).isEqualTo(1);
    assertThat(store.itemCounters("b").clickCount()).isEqualTo(1);
  }

  @Test
  void ingestionRewritesAFormat1RecordAsFormat2KeepingItsSectionsAndItsExpiry() {
    long t = clock.millis();
    inspect.set("rs:v3:{i:a}:f", Format1Record.of(t, 3, 1, 1, "Kept", new float[] {5f}));
    inspect.set("rs:v3:{i:b}:f", Format1Record.of(t, 2, 0, 0, "", new float[0]));
    inspect.pexpire("rs:v3:{i:b}:f", Duration.ofHours(1).toMillis());
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, RealtimeConfig.defaults(), clock);
    writer.apply(List.of(new FeatureEvent("e1", "u1", "a", InteractionType.FAVOURITE, t),
        new FeatureEvent("e2", "u1", "a", InteractionType.CART, t),
        new FeatureEvent("e3", "u2", "b", InteractionType.CLICK, t)));

    assertThat(inspect.get("rs:v3:{i:a}:f")[0]).isEqualTo((byte) 2);
    assertThat(store.item("a").counters()).isEqualTo(new ItemCounters(3, 1, 1, 1, 1, 3, 1, 1, 1, 1));
    assertThat(store.item("a").title()).isEqualTo("Kept");
    assertThat(store.item("a").embedding()).containsExactly(5f);
    assertThat(inspect.pttl("rs:v3:{i:a}:f")).isEqualTo(-1L);
    assertThat(store.itemCounters("b")).isEqualTo(new ItemCounters(2, 1, 0, 0, 0, 2, 1, 0, 0, 0));
    assertThat(inspect.pttl("rs:v3:{i:b}:f")).as("expiry kept").isBetween(Duration.ofMinutes(59).toMillis(),
        Duration.ofHours(1).toMillis());
  }

  @Test
  void betweenTidyUpsUserKeysKeepTheirDeadlineAndAKeyCreatedMeanwhileGetsOne() {
    Duration interval = RedisRealtimeFeatureWriter.tidyInterval(CONFIG, RealtimeConfig.defaults());
    assertThat(interval).isEqualTo(TTL.dividedBy(100)); // 36 s: smaller than the 30 min de-dup window
    store.putItemClusters(2, Map.of("a", 1));
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, RealtimeConfig.defaults(), clock);
    writer.apply(List.of(new FeatureEvent("e1", "u1", "a", InteractionType.IMPRESSION, clock.millis())));
    long histTtl = inspect.pttl("rs:v3:{u:u1}:hist");
    assertThat(inspect.exists("rs:v3:{u:u1}:mix")).as("an impression moves no mixture").isZero();

    clock.advance(interval.dividedBy(2));
    writer.apply(List.of(new FeatureEvent("e2", "u1", "a", InteractionType.CLICK, clock.millis())));
    assertThat(inspect.pttl("rs:v3:{u:u1}:hist")).as("not re-applied within the interval").isLessThanOrEqualTo(histTtl);
    assertThat(inspect.pttl("rs:v3:{u:u1}:mix")).as("the new mixture key has the new deadline")
        .isGreaterThan(histTtl + interval.dividedBy(2).toMillis() - 2_000);

    clock.advance(interval);
    writer.apply(List.of(new FeatureEvent("e3", "u1", "a", InteractionType.CLICK, clock.millis())));
    long expected = histTtl + interval.dividedBy(2).plus(interval).toMillis();
    for (String key : List.of("rs:v3:{u:u1}:hist", "rs:v3:{u:u1}:seen", "rs:v3:{u:u1}:mix")) {
      assertThat(inspect.pttl(key)).as("PTTL of %s after the interval", key).isBetween(expected - 2_000, expected + 1_000);
    }
    assertThat(store.user("u1", 10).history()).hasSize(3);
  }

  @Test
  void theMixtureRefreshSurvivesALostScriptCache() {
    store.putItemClusters(2, Map.of("a", 1));
    inspect.scriptFlush();
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, RealtimeConfig.defaults(), clock);
    writer.apply(List.of(new FeatureEvent("e1", "u1", "a", InteractionType.CLICK, clock.millis())));
    assertThat(store.interestMixture("u1")[1]).isGreaterThan(0.5f);
  }

  @Test
  void deletingAUserWithGlobCharactersInItsIdLeavesNothing() {
    String id = "we*ird[id]?{x}";
    store.appendHistory(id, List.of(new HistoryEntry("a", InteractionType.CLICK, 1)));
    store.putUserAttributes(id, Map.of("a", "b"));
    assertThat(keysMatching("*" + globEscape(KeyLayout.hashTag(EntityType.USER, id)) + "*")).hasSize(2);
    store.deleteUser(id);
    assertNothingLeftOfUser(id);
  }

  @Test
  void schemaRecordIsWrittenOnFirstOpen() {
    Map<String, byte[]> record = inspect.hgetall("rs:schema");
    assertThat(text(record.get("version"))).isEqualTo("3");
    assertThat(text(record.get("userGroups"))).isEqualTo("session");
    assertThat(text(record.get("itemGroups"))).isEqualTo("quality");
  }

  @Test
  void vectorsAreStoredAsLittleEndianFloat32Bytes() {
    store.putInterestMixture("u", new float[] {1f, -2f});
    assertThat(inspect.get("rs:v3:{u:u}:mix")).containsExactly(0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0);
  }

  @Test
  void countersStayExactWhenRedisLosesItsScriptCache() {
    long t = clock.millis();
    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.CLICKS, 1, t)));
    inspect.scriptFlush();
    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.CLICKS, 2, t),
        new CounterUpdate("b", ItemCounter.IMPRESSIONS, 1, t)));
    assertThat(store.itemCounters("a").clickCount()).isEqualTo(3);
    assertThat(store.itemCounters("b").impressionCount()).isEqualTo(1);
  }

  @Test
  void unreachableRedisFailsWithFeatureStoreExceptionNamingTheAddress() {
    int port = FreePorts.next(); // nothing listens there
    RedisConnectionConfig nowhere = RedisConnectionConfig.standalone("redis://127.0.0.1:" + port);
    assertThatThrownBy(() -> RedisFeatureStore.open(nowhere, CONFIG, clock))
        .isInstanceOf(FeatureStoreException.class).hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void aBatchOfFiveHundredItemsIsReadBackCompletely() {
    List<Item> items = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      items.add(new Item("item" + i, "Title " + i, List.of("c" + i % 7), 1900 + i, Map.of()));
      ids.add("item" + i);
    }
    store.putItems(items);
    assertThat(store.items(ids)).extracting(f -> f.year()).isEqualTo(items.stream().map(Item::year).toList());
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
