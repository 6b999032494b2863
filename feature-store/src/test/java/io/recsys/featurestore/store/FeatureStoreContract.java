package io.recsys.featurestore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.User;
import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FeatureStore} contract, run against every backend by a subclass that says how to open a
 * store on one backing data set and how to look for leftovers of an erased user.
 */
public abstract class FeatureStoreContract {
  protected static final FeatureSchema SCHEMA =
      new FeatureSchema(FeatureSchema.CURRENT_VERSION, java.util.Set.of("session"), java.util.Set.of("quality"));
  protected static final Duration HALF_LIFE = Duration.ofHours(6);
  protected static final Duration TTL = Duration.ofHours(1);
  protected static final FeatureStoreConfig CONFIG = FeatureStoreConfig.defaults()
      .withSchema(SCHEMA).withHistoryCap(5).withCounterHalfLife(HALF_LIFE).withUserTtl(TTL);

  protected MutableClock clock;
  protected FeatureStore store;
  private final List<FeatureStore> opened = new ArrayList<>();

  /** Opens a store on this test's backing data (the same data on every call within one test). */
  protected abstract FeatureStore openStore(FeatureStoreConfig config, MutableClock clock);

  /** Opens an admission filter on this test's backing data. */
  protected abstract AdmissionFilter admissionFilter(AdmissionConfig config, MutableClock clock);

  /**
   * Opens a real-time writer on this test's backing data; its admission counts must be the ones
   * {@link #admissionFilter} with {@code realtime.admission()} reads.
   */
  protected abstract RealtimeFeatureWriter realtimeWriter(FeatureStoreConfig config, RealtimeConfig realtime, MutableClock clock);

  /** Fails unless the backend holds nothing at all of this user. */
  protected abstract void assertNothingLeftOfUser(String userId);

  /**
   * Fails unless the user's state (all of it that exists) will expire no sooner than {@code atLeast} and
   * no later than {@code atMost} from the real current time.
   */
  protected abstract void assertUserExpiresBetween(String userId, Duration atLeast, Duration atMost);

  @BeforeEach
  void openDefaultStore() {
    clock = MutableClock.atSystemTime();
    store = open(CONFIG);
  }

  @AfterEach
  void closeStores() {
    for (FeatureStore s : opened) s.close();
  }

  protected FeatureStore open(FeatureStoreConfig config) {
    FeatureStore s = openStore(config, clock);
    opened.add(s);
    return s;
  }

  private static HistoryEntry h(String item, long ts) {
    return new HistoryEntry(item, InteractionType.CLICK, ts);
  }

  // ---- users

  @Test
  void historyIsNewestFirstAndKeepsOnlyTheConfiguredNumberOfEntries() {
    store.appendHistory("u1", List.of(h("a", 1), h("b", 2), h("c", 3)));
    store.appendHistory("u1", List.of(h("d", 4), h("e", 5), h("f", 6)));

    assertThat(store.history("u1", 100)).extracting(HistoryEntry::itemId).containsExactly("f", "e", "d", "c", "b");
    assertThat(store.history("u1", 2)).containsExactly(h("f", 6), h("e", 5));
    assertThat(store.history("u1", 0)).isEmpty();
    assertThat(store.history("nobody", 10)).isEmpty();
    assertThatThrownBy(() -> store.history("u1", -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void historyEntriesKeepTypeAndTimestamp() {
    HistoryEntry e = new HistoryEntry("itém-✓", InteractionType.PURCHASE, 1_700_000_000_123L);
    store.appendHistory("u1", List.of(e));
    assertThat(store.history("u1", 1)).containsExactly(e);
  }

  @Test
  void bulkMixturesAreWrittenForEveryUserInTheMap() {
    java.util.Map<String, float[]> m = new java.util.LinkedHashMap<>();
    m.put("b1", new float[] {0.25f, 0.75f});
    m.put("b2", new float[] {1f, 0f});
    store.putInterestMixtures(m);
    assertThat(store.interestMixture("b1")).containsExactly(0.25f, 0.75f);
    assertThat(store.interestMixture("b2")).containsExactly(1f, 0f);
    store.putInterestMixtures(java.util.Map.of());
    assertThat(store.interestMixture("b3")).isEmpty();
  }

  @Test
  void interestMixtureRoundTripsAndIsEmptyWhenNeverWritten() {
    float[] w = {0.5f, 0.25f, 0.125f, Float.MIN_VALUE};
    store.putInterestMixture("u1", w);
    assertThat(store.interestMixture("u1")).containsExactly(w);
    store.putInterestMixture("u1", new float[] {1f});
    assertThat(store.interestMixture("u1")).containsExactly(1f);
    assertThat(store.interestMixture("u2")).isEmpty();
  }

  @Test
  void userAttributesMergeWithEarlierOnes() {
    store.putUserAttributes("u1", Map.of("age", "25", "gender", "F"));
    store.putUserAttributes("u1", Map.of("age", "26", "zip", "10001"));
    assertThat(store.userAttributes("u1")).containsExactlyInAnyOrderEntriesOf(Map.of("age", "26", "gender", "F", "zip", "10001"));
    assertThat(store.userAttributes("u2")).isEmpty();
  }

  @Test
  void scoringReadReturnsTheUserAndEveryItemInRequestOrderAsTheSeparateReadsDo() {
    store.appendHistory("u1", List.of(h("a", 1), h("b", 2)));
    store.putInterestMixture("u1", new float[] {0.5f, 0.5f});
    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.CLICKS, 2, clock.millis())));
    ScoringFeatures f = store.scoringFeatures("u1", 10, List.of("b", "a", "never-seen"));
    assertThat(f.user().history()).isEqualTo(store.history("u1", 10));
    assertThat(f.user().interestMixture()).containsExactly(0.5f, 0.5f);
    assertThat(f.items()).extracting(ItemFeatures::itemId).containsExactly("b", "a", "never-seen");
    assertThat(f.items().get(1).counters().clickCount()).isEqualTo(2);
    assertThat(f.items().get(2).present()).isFalse();
    assertThat(store.scoringFeatures("nobody", 10, List.of()).items()).isEmpty();
    assertThat(store.scoringFeatures("nobody", 10, List.of()).user().history()).isEmpty();
  }

  @Test
  void batchUserReadReturnsOneResultPerIdInRequestOrder() {
    store.appendHistory("u1", List.of(h("a", 1), h("b", 2)));
    store.putInterestMixture("u2", new float[] {0.7f, 0.3f});
    store.putUserAttributes("u3", Map.of("k", "v"));

    List<UserFeatures> got = store.users(List.of("u3", "missing", "u1", "u2", "u1"), 1);

    assertThat(got).extracting(UserFeatures::userId).containsExactly("u3", "missing", "u1", "u2", "u1");
    assertThat(got).extracting(UserFeatures::present).containsExactly(true, false, true, true, true);
    assertThat(got.get(0).attributes()).isEqualTo(Map.of("k", "v"));
    assertThat(got.get(2).history()).containsExactly(h("b", 2));
    assertThat(got.get(3).interestMixture()).containsExactly(0.7f, 0.3f);
    assertThat(store.user("u1", 5).history()).hasSize(2);
  }

  @Test
  void deleteUserLeavesNothingOfTheUserAndTouchesNoOneElse() {
    for (String u : List.of("victim", "bystander")) {
      store.appendHistory(u, List.of(h("a", 1)));
      store.putInterestMixture(u, new float[] {1f});
      store.putUserAttributes(u, Map.of("age", "30"));
      store.putFeatures(EntityType.USER, u, "session", FeatureValues.builder().putFloat("len", 3f).build());
    }

    store.deleteUser("victim");

    assertNothingLeftOfUser("victim");
    assertThat(store.user("victim", 10).present()).isFalse();
    assertThat(store.features(EntityType.USER, "victim", "session").isEmpty()).isTrue();
    UserFeatures b = store.user("bystander", 10);
    assertThat(b.history()).hasSize(1);
    assertThat(b.attributes()).containsEntry("age", "30");
    assertThat(store.features(EntityType.USER, "bystander", "session").floatValue("len", 0)).isEqualTo(3f);
  }

  private static FeatureEvent accepted(String id, String user, String item, long ts, long streamMillis, long seq) {
    return new FeatureEvent(id, user, item, InteractionType.CLICK, ts, new StreamPosition(streamMillis, seq));
  }

  @Test
  void anErasureHoldsAgainstEveryEventAcceptedBeforeItHoweverLateItIsApplied() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    long t = clock.millis();
    writer.apply(List.of(accepted("e1", "u", "a", t, 100, 0), accepted("b1", "bystander", "a", t, 100, 1)));

    store.eraseUser("u", new StreamPosition(100, 5));
    // A worker gets to events accepted before the erasure only now (in flight, pending, redelivered).
    AppliedEvents late = writer.apply(List.of(accepted("e2", "u", "a", t, 100, 3), accepted("e3", "u", "b", t, 100, 5),
        accepted("e1", "u", "a", t, 100, 0)));

    assertThat(late.userSideApplied()).isZero();
    assertThat(store.user("u", 10).present()).as("nothing of u came back").isFalse();
    assertThat(late.itemSideApplied()).as("item counters are aggregates without the user: kept").isEqualTo(2);
    assertThat(store.history("bystander", 10)).hasSize(1);

    // Accepted after the erasure: a new user of that id, whatever its event id or timestamp.
    AppliedEvents after = writer.apply(List.of(accepted("e1", "u", "c", t - 60_000, 100, 6),
        new FeatureEvent("direct", "u", "d", InteractionType.CLICK, t)));
    assertThat(after.userSideApplied()).isEqualTo(2);
    assertThat(store.history("u", 10)).extracting(HistoryEntry::itemId).containsExactlyInAnyOrder("c", "d");
  }

  @Test
  void historyIsNewestFirstByEventTimeWhateverTheArrivalOrder() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    long t = clock.millis();
    writer.apply(List.of(ev("e1", "u", "a", InteractionType.CLICK, t - 10), ev("e2", "u", "b", InteractionType.CLICK, t - 30)));
    // An event dated long ago sent later, and a batch out of order in itself.
    writer.apply(List.of(ev("e3", "u", "c", InteractionType.CLICK, t - 20)));
    writer.apply(List.of(ev("e4", "u", "d", InteractionType.CLICK, t), ev("e5", "u", "e", InteractionType.CLICK, t - 25)));
    assertThat(store.history("u", 10)).extracting(HistoryEntry::itemId).containsExactly("d", "a", "c", "e", "b");
    // The cap (5) keeps the newest by event time: an event older than every kept one is not kept.
    writer.apply(List.of(ev("e6", "u", "old", InteractionType.CLICK, t - 1000), ev("e7", "u", "f", InteractionType.CLICK, t - 15)));
    assertThat(store.history("u", 10)).extracting(HistoryEntry::itemId).containsExactly("d", "a", "f", "c", "e");
  }

  @Test
  void historyHoldsTheNewestEntriesByEventTimeForAnyArrivalSequence() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    long t = clock.millis();
    SplittableRandom seeds = new SplittableRandom(77);
    for (int c = 0; c < 40; c++) {
      long seed = seeds.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      String user = "seq-" + c;
      List<FeatureEvent> arrived = new ArrayList<>();
      int batches = 1 + r.nextInt(5);
      for (int b = 0; b < batches; b++) {
        List<FeatureEvent> batch = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          // few distinct timestamps, so that ties (broken by arrival) are common
          FeatureEvent e = ev(user + "-" + arrived.size(), user, "i" + arrived.size(), InteractionType.CLICK, t - r.nextInt(6) * 1000L);
          batch.add(e);
          arrived.add(e);
        }
        writer.apply(batch);
      }
      // Expected: every event by (timestamp, arrival), newest first, cut at the cap.
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < arrived.size(); i++) order.add(i);
      order.sort((x, y) -> {
        int cmp = Long.compare(arrived.get(y).timestampMillis(), arrived.get(x).timestampMillis());
        return cmp != 0 ? cmp : Integer.compare(y, x);
      });
      List<String> expected = order.stream().limit(CONFIG.historyCap()).map(i -> arrived.get(i).itemId()).toList();
      assertThat(store.history(user, 10)).extracting(HistoryEntry::itemId)
          .as("seed=%d, arrivals (item, ts) %s", seed, arrived.stream().map(e -> e.itemId() + "@" + (e.timestampMillis() - t)).toList())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aLaterErasuresFenceWinsWhicheverRunsLast() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    long t = clock.millis();
    store.eraseUser("u", new StreamPosition(200, 0));
    store.eraseUser("u", new StreamPosition(150, 0)); // an older erasure request finishing late
    assertThat(writer.apply(List.of(accepted("e1", "u", "a", t, 180, 0))).userSideApplied()).isZero();
    assertThat(writer.apply(List.of(accepted("e2", "u", "a", t, 200, 1))).userSideApplied()).isEqualTo(1);
  }

  @Test
  void idleUserStateExpiresAfterTheTtlAndEveryWriteRefreshesAllOfIt() {
    Instant realNow = clock.instant();
    clock.set(realNow.minus(TTL).minus(Duration.ofHours(1)));
    store.appendHistory("idle", List.of(h("a", 1)));
    store.putUserAttributes("idle", Map.of("k", "v"));
    clock.set(realNow.minus(Duration.ofMinutes(50)));
    store.appendHistory("active", List.of(h("a", 1)));
    store.putInterestMixture("active", new float[] {1f});
    clock.set(realNow.minus(Duration.ofMinutes(5)));
    store.putUserAttributes("active", Map.of("k", "v")); // refreshes history and mixture too
    clock.set(realNow);

    assertThat(store.user("idle", 10).present()).isFalse();
    UserFeatures active = store.user("active", 10);
    assertThat(active.history()).hasSize(1);
    assertThat(active.interestMixture()).hasSize(1);
    assertThat(active.attributes()).hasSize(1);
    // Without the refresh the history would expire 10 minutes from now.
    assertUserExpiresBetween("active", TTL.minus(Duration.ofMinutes(6)), TTL.minus(Duration.ofMinutes(4)));
  }

  // ---- items

  @Test
  void batchItemReadReturnsMetadataEmbeddingAndCountersPerIdInRequestOrder() {
    Item a = new Item("a", "Toy Story (1995)", List.of("Animation", "Children's"), 1995, Map.of("imdb", "tt0114709"));
    Item b = new Item("b", "", List.of(), Item.UNKNOWN_YEAR, Map.of());
    store.putItems(List.of(a, b));
    store.putEmbeddings(Map.of("a", new float[] {0.1f, -0.2f, 3e-8f}, "c", new float[] {1f}));
    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.IMPRESSIONS, 3, clock.millis())));

    List<ItemFeatures> got = store.items(List.of("b", "nothing", "a", "c", "a"));

    assertThat(got).extracting(ItemFeatures::itemId).containsExactly("b", "nothing", "a", "c", "a");
    assertThat(got).extracting(ItemFeatures::present).containsExactly(true, false, true, true, true);
    ItemFeatures fa = got.get(2);
    assertThat(fa.title()).isEqualTo("Toy Story (1995)");
    assertThat(fa.categories()).containsExactly("Animation", "Children's");
    assertThat(fa.year()).isEqualTo(1995);
    assertThat(fa.attributes()).isEqualTo(Map.of("imdb", "tt0114709"));
    assertThat(fa.embedding()).containsExactly(0.1f, -0.2f, 3e-8f);
    assertThat(fa.counters().impressionCount()).isEqualTo(3);
    assertThat(got.get(0).embedding()).isEmpty();
    assertThat(got.get(3).title()).isEmpty();
    assertThat(got.get(3).embedding()).containsExactly(1f);
    assertThat(store.item("nothing").present()).isFalse();
    assertThat(store.item("a").embedding()).containsExactly(fa.embedding());
  }

  @Test
  void rewritingAnItemReplacesItsMetadataWholeButKeepsEmbeddingAndCounters() {
    store.putItems(List.of(new Item("a", "Old", List.of("X", "Y"), 1990, Map.of("gone", "1"))));
    store.putEmbeddings(Map.of("a", new float[] {2f}));
    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.CLICKS, 1, clock.millis())));

    store.putItems(List.of(new Item("a", "New", List.of("Z"), 1991, Map.of("kept", "2"))));

    ItemFeatures f = store.item("a");
    assertThat(f.title()).isEqualTo("New");
    assertThat(f.categories()).containsExactly("Z");
    assertThat(f.attributes()).isEqualTo(Map.of("kept", "2"));
    assertThat(f.embedding()).containsExactly(2f);
    assertThat(f.counters().clickCount()).isEqualTo(1);
  }

  @Test
  void countersHalveEveryHalfLifeAndCtrIsTheirRatio() {
    long t0 = clock.millis();
    store.countItemEvents(List.of(new CounterUpdate("a", ItemCounter.IMPRESSIONS, 8, t0),
        new CounterUpdate("a", ItemCounter.CLICKS, 2, t0), new CounterUpdate("a", ItemCounter.PURCHASES, 1, t0)));
    assertThat(store.itemCounters("a").impressions()).isCloseTo(8, within(1e-9));

    clock.advance(HALF_LIFE);
    ItemCounters c = store.itemCounters("a");
    assertThat(c.impressions()).isCloseTo(4, within(1e-9));
    assertThat(c.clicks()).isCloseTo(1, within(1e-9));
    assertThat(c.purchases()).isCloseTo(0.5, within(1e-9));
    assertThat(c.ctr()).isCloseTo(0.25, within(1e-12));
    assertThat(List.of(c.impressionCount(), c.clickCount(), c.purchaseCount())).containsExactly(8L, 2L, 1L);
    assertThat(store.itemCounters("never").ctr()).isZero();
  }

  @Test
  void countersEqualTheSumOfEachEventsDecayedWeightWhateverTheArrivalOrder() {
    SplittableRandom rnd = new SplittableRandom(42);
    long now = clock.millis();
    List<CounterUpdate> updates = new ArrayList<>();
    double[] expected = new double[ItemCounter.COUNT];
    long[] counts = new long[ItemCounter.COUNT];
    for (int i = 0; i < 300; i++) {
      ItemCounter counter = ItemCounter.values()[rnd.nextInt(ItemCounter.COUNT)];
      long ts = now - rnd.nextLong(4 * HALF_LIFE.toMillis()); // shuffled: late events included
      int n = 1 + rnd.nextInt(3);
      updates.add(new CounterUpdate("x", counter, n, ts));
      expected[counter.ordinal()] += n * Math.pow(2, -(double) (now - ts) / HALF_LIFE.toMillis());
      counts[counter.ordinal()] += n;
    }
    store.countItemEvents(updates.subList(0, 180));
    store.countItemEvents(updates.subList(180, 300));

    ItemCounters c = store.itemCounters("x");
    double[] decayed = {c.impressions(), c.clicks(), c.favourites(), c.carts(), c.purchases()};
    for (int k = 0; k < ItemCounter.COUNT; k++) {
      assertThat(decayed[k]).as(ItemCounter.values()[k].name()).isCloseTo(expected[k], within(1e-9 * expected[k]));
    }
    assertThat(new long[] {c.impressionCount(), c.clickCount(), c.favouriteCount(), c.cartCount(), c.purchaseCount()})
        .containsExactly(counts);
  }

  @Test
  void deleteItemRemovesItsFeaturesAndGroups() {
    store.putItems(List.of(new Item("a", "T", List.of(), 0, Map.of())));
    store.putFeatures(EntityType.ITEM, "a", "quality", FeatureValues.builder().putFloat("q", 1f).build());
    store.deleteItem("a");
    assertThat(store.item("a").present()).isFalse();
    assertThat(store.features(EntityType.ITEM, "a", "quality").isEmpty()).isTrue();
  }

  // ---- feature groups

  @Test
  void featureGroupsHoldFloatsVectorsAndBytesPerEntity() {
    FeatureValues v = FeatureValues.builder().putFloat("ctr7d", 0.031f).putFloats("vec", new float[] {1f, -1f})
        .putBytes("raw", new byte[] {0, (byte) 0xff}).build();
    store.putFeatures(EntityType.ITEM, "a", "quality", v);
    store.putFeatures(EntityType.ITEM, "a", "quality", FeatureValues.builder().putFloat("fresh", 2f).build());

    List<FeatureValues> got = store.features(EntityType.ITEM, List.of("a", "b"), "quality");
    assertThat(got.get(0).floatValue("ctr7d", Float.NaN)).isEqualTo(0.031f);
    assertThat(got.get(0).floats("vec")).containsExactly(1f, -1f);
    assertThat(got.get(0).bytes("raw")).containsExactly(0, 0xff);
    assertThat(got.get(0).floatValue("fresh", 0)).isEqualTo(2f);
    assertThat(got.get(1)).isEqualTo(FeatureValues.EMPTY);
  }

  @Test
  void undeclaredFeatureGroupsAreRejectedByName() {
    FeatureValues v = FeatureValues.builder().putFloat("x", 1f).build();
    assertThatThrownBy(() -> store.putFeatures(EntityType.USER, "u", "quality", v))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'quality'").hasMessageContaining("USER");
    assertThatThrownBy(() -> store.features(EntityType.ITEM, List.of("a"), "nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
  }

  // ---- schema

  @Test
  void openingAgainstAnotherSchemaVersionFailsNamingBothVersions() {
    FeatureSchema v2 = new FeatureSchema(2, SCHEMA.userGroups(), SCHEMA.itemGroups());
    assertThatThrownBy(() -> open(CONFIG.withSchema(v2)))
        .isInstanceOf(FeatureSchemaMismatchException.class)
        .hasMessageContaining("expects schema v2").hasMessageContaining("holds schema v3")
        .satisfies(e -> assertThat(((FeatureSchemaMismatchException) e).found()).isEqualTo(SCHEMA));
  }

  @Test
  void openingWithTheSameVersionButOtherFeatureGroupsFails() {
    FeatureSchema changed = new FeatureSchema(SCHEMA.version(), java.util.Set.of("session", "extra"), SCHEMA.itemGroups());
    assertThatThrownBy(() -> open(CONFIG.withSchema(changed)))
        .isInstanceOf(FeatureSchemaMismatchException.class).hasMessageContaining("extra");
  }

  @Test
  void reopeningWithTheSameSchemaSeesTheData() {
    store.appendHistory("u", List.of(h("a", 1)));
    FeatureStore again = open(CONFIG);
    assertThat(again.history("u", 1)).containsExactly(h("a", 1));
  }

  // ---- admission

  @Test
  void itemsAreAdmittedOnlyAfterTheThresholdNumberOfEvents() {
    AdmissionFilter filter = admissionFilter(new AdmissionConfig(3, Duration.ofDays(1)), clock);
    assertThat(filter.record("new")).isFalse();
    assertThat(filter.record("new")).isFalse();
    assertThat(filter.isAdmitted("new")).isFalse();
    assertThat(filter.record("new")).isTrue();
    assertThat(filter.isAdmitted("new")).isTrue();
    assertThat(filter.record("new")).isTrue();
    assertThat(filter.isAdmitted("other")).isFalse();
  }

  @Test
  void admissionCountsAreForgottenAfterAWindowWithoutEvents() {
    AdmissionConfig config = new AdmissionConfig(2, Duration.ofHours(1));
    AdmissionFilter filter = admissionFilter(config, clock);
    Instant realNow = clock.instant();
    clock.set(realNow.minus(Duration.ofHours(2)));
    filter.record("stale");
    clock.set(realNow.minus(Duration.ofMinutes(30)));
    filter.record("fresh");
    clock.set(realNow);
    assertThat(filter.record("stale")).isFalse(); // its first event was forgotten
    assertThat(filter.record("fresh")).isTrue();
  }

  // ---- real-time features from ingested events

  private static final RealtimeConfig REALTIME = new RealtimeConfig(Duration.ofMinutes(10), new AdmissionConfig(3, Duration.ofDays(1)));

  private static FeatureEvent ev(String id, String user, String item, InteractionType type, long ts) {
    return new FeatureEvent(id, user, item, type, ts);
  }

  @Test
  void ingestedEventsGoToHistoryAndCountersOnceHoweverOftenTheyAreApplied() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    long t = clock.millis();
    List<FeatureEvent> batch = List.of(ev("e1", "u1", "a", InteractionType.IMPRESSION, t - 2),
        ev("e2", "u1", "a", InteractionType.CLICK, t - 1), ev("e3", "u2", "a", InteractionType.PURCHASE, t),
        ev("e4", "u2", "b", InteractionType.CART, t), ev("e1", "u1", "a", InteractionType.IMPRESSION, t - 2));

    AppliedEvents first = writer.apply(batch);
    AppliedEvents again = writer.apply(batch);
    AppliedEvents overlapping = writer.apply(List.of(ev("e3", "u2", "a", InteractionType.PURCHASE, t),
        ev("e5", "u2", "a", InteractionType.IMPRESSION, t)));

    assertThat(first.userSideApplied()).isEqualTo(4);
    assertThat(first.itemSideApplied()).isEqualTo(4);
    assertThat(again).isEqualTo(AppliedEvents.NONE);
    assertThat(overlapping.userSideApplied()).isEqualTo(1);
    assertThat(overlapping.itemSideApplied()).isEqualTo(1);
    assertThat(store.history("u1", 10)).containsExactly(new HistoryEntry("a", InteractionType.CLICK, t - 1),
        new HistoryEntry("a", InteractionType.IMPRESSION, t - 2));
    assertThat(store.history("u2", 10)).extracting(HistoryEntry::type)
        .containsExactly(InteractionType.IMPRESSION, InteractionType.CART, InteractionType.PURCHASE);
    ItemCounters a = store.itemCounters("a");
    assertThat(new long[] {a.impressionCount(), a.clickCount(), a.purchaseCount()}).containsExactly(2, 1, 1);
    assertThat(store.itemCounters("b")).isEqualTo(new ItemCounters(0, 0, 0, 1, 0, 0, 0, 0, 1, 0)); // carts count too
  }

  @Test
  void idsHoldingKeySyntaxNeverShareStateWithOtherIds() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    long t = clock.millis();
    // Item "colA}:ev:X" once kept its admission count in the key of item "colA"'s marker of event
    // "X}:adm", so that later event was taken for a duplicate on the item side.
    writer.apply(List.of(ev("e1", "u1", "colA}:ev:X", InteractionType.CLICK, t)));
    AppliedEvents second = writer.apply(List.of(ev("X}:adm", "u2", "colA", InteractionType.CLICK, t)));
    writer.apply(List.of(ev("e3", "u}:hist", "b", InteractionType.CLICK, t), ev("e4", "u", "c", InteractionType.CLICK, t)));

    assertThat(second.itemSideApplied()).isEqualTo(1);
    assertThat(store.itemCounters("colA").clickCount()).isEqualTo(1);
    assertThat(store.itemCounters("colA}:ev:X").clickCount()).isEqualTo(1);
    assertThat(store.history("u", 10)).extracting(HistoryEntry::itemId).containsExactly("c");
    assertThat(store.history("u}:hist", 10)).extracting(HistoryEntry::itemId).containsExactly("b");
  }

  @Test
  void ingestedEventsChangeOnlyTheCountersOfAnItemsRecord() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    store.putItems(List.of(new Item("a", "Toy Story (1995)", List.of("Animation"), 1995, Map.of("imdb", "tt0114709"))));
    store.putEmbeddings(Map.of("a", new float[] {0.5f, -1f, 2f}));
    long t = clock.millis();
    writer.apply(List.of(ev("e1", "u1", "a", InteractionType.CLICK, t), ev("e2", "u1", "new", InteractionType.CLICK, t)));
    writer.apply(List.of(ev("e3", "u2", "a", InteractionType.IMPRESSION, t)));
    store.putEmbeddings(Map.of("new", new float[] {7f}));

    ItemFeatures a = store.item("a");
    assertThat(a.title()).isEqualTo("Toy Story (1995)");
    assertThat(a.categories()).containsExactly("Animation");
    assertThat(a.year()).isEqualTo(1995);
    assertThat(a.attributes()).isEqualTo(Map.of("imdb", "tt0114709"));
    assertThat(a.embedding()).containsExactly(0.5f, -1f, 2f);
    assertThat(new long[] {a.counters().impressionCount(), a.counters().clickCount()}).containsExactly(1, 1);
    ItemFeatures fresh = store.item("new");
    assertThat(fresh.present()).as("an item first seen in an event gets a record").isTrue();
    assertThat(fresh.counters().clickCount()).isEqualTo(1);
    assertThat(fresh.embedding()).as("written after the counters, kept with them").containsExactly(7f);
  }

  @Test
  void anItemSeenOnlyInEventsIsForgottenAfterTheAdmissionWindowUnlessAdmitted() {
    assertThat(REALTIME.admission().threshold()).isEqualTo(3);
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    Instant realNow = clock.instant();
    clock.set(realNow.minus(REALTIME.admission().window()).minus(Duration.ofMinutes(1)));
    store.putItems(List.of(new Item("cat", "Catalogue item", List.of(), 2000, Map.of())));
    long t = clock.millis();
    writer.apply(List.of(ev("g1", "u1", "ghost", InteractionType.CLICK, t), ev("p1", "u1", "popular", InteractionType.CLICK, t),
        ev("p2", "u2", "popular", InteractionType.IMPRESSION, t), ev("p3", "u3", "popular", InteractionType.CLICK, t),
        ev("c1", "u1", "cat", InteractionType.CLICK, t)));
    clock.set(realNow); // the admission window has passed since those events

    assertThat(store.item("ghost").present()).as("one event, no catalogue data: forgotten").isFalse();
    assertThat(store.itemCounters("ghost")).isEqualTo(ItemCounters.NONE);
    assertThat(store.item("popular").counters().clickCount()).as("admitted: kept").isEqualTo(2);
    assertThat(store.item("cat").counters().clickCount()).as("a catalogue item: kept").isEqualTo(1);
    assertThat(store.item("cat").title()).isEqualTo("Catalogue item");
  }

  @Test
  void catalogueDataKeepsTheCountersIngestionGatheredForANewItem() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    writer.apply(List.of(ev("n1", "u1", "new", InteractionType.CLICK, clock.millis())));
    store.putEmbeddings(Map.of("new", new float[] {1f, 2f}));
    writer.apply(List.of(ev("n2", "u2", "new", InteractionType.IMPRESSION, clock.millis())));

    ItemFeatures f = store.item("new");
    assertThat(f.embedding()).containsExactly(1f, 2f);
    assertThat(new long[] {f.counters().impressionCount(), f.counters().clickCount()}).containsExactly(1, 1);
  }

  @Test
  void ingestedCountersDecayLikeCountedEventsWhateverTheArrivalOrder() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    SplittableRandom rnd = new SplittableRandom(7);
    long now = clock.millis();
    List<FeatureEvent> events = new ArrayList<>();
    List<CounterUpdate> reference = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      InteractionType type = List.of(InteractionType.IMPRESSION, InteractionType.CLICK, InteractionType.PURCHASE).get(rnd.nextInt(3));
      long ts = now - rnd.nextLong(4 * HALF_LIFE.toMillis());
      events.add(ev("e" + i, "u" + rnd.nextInt(5), "x", type, ts));
      reference.add(new CounterUpdate("y", events.getLast().counter(), 1, ts));
    }
    writer.apply(events.subList(0, 100));
    writer.apply(events.subList(60, 150)); // 40 redelivered
    store.countItemEvents(reference);

    ItemCounters x = store.itemCounters("x"), y = store.itemCounters("y");
    assertThat(x.impressions()).isCloseTo(y.impressions(), within(1e-9 * (1 + y.impressions())));
    assertThat(x.clicks()).isCloseTo(y.clicks(), within(1e-9 * (1 + y.clicks())));
    assertThat(x.purchases()).isCloseTo(y.purchases(), within(1e-9 * (1 + y.purchases())));
    assertThat(new long[] {x.impressionCount(), x.clickCount(), x.purchaseCount()})
        .containsExactly(y.impressionCount(), y.clickCount(), y.purchaseCount());
  }

  @Test
  void anEventIdIsForgottenAfterTheDedupWindow() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    Instant realNow = clock.instant();
    clock.set(realNow.minus(REALTIME.dedupWindow()).minus(Duration.ofMinutes(1)));
    writer.apply(List.of(ev("e1", "u1", "a", InteractionType.IMPRESSION, clock.millis())));
    clock.set(realNow);
    AppliedEvents late = writer.apply(List.of(ev("e1", "u1", "a", InteractionType.IMPRESSION, clock.millis())));
    assertThat(late.userSideApplied()).isEqualTo(1);
    assertThat(late.itemSideApplied()).isEqualTo(1);
    assertThat(store.itemCounters("a").impressionCount()).isEqualTo(2);
  }

  @Test
  void aNewItemIsReportedAdmittedOnceWhenItsDistinctEventsReachTheThreshold() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    AdmissionFilter filter = admissionFilter(REALTIME.admission(), clock);
    long t = clock.millis();
    assertThat(writer.apply(List.of(ev("e1", "u1", "new", InteractionType.IMPRESSION, t),
        ev("e2", "u2", "new", InteractionType.CLICK, t))).newlyAdmitted()).isEmpty();
    assertThat(writer.apply(List.of(ev("e2", "u2", "new", InteractionType.CLICK, t))).newlyAdmitted()).isEmpty();
    assertThat(filter.isAdmitted("new")).isFalse();
    assertThat(writer.apply(List.of(ev("e3", "u3", "new", InteractionType.CART, t),
        ev("e4", "u3", "new", InteractionType.CART, t), ev("e5", "u1", "other", InteractionType.CLICK, t)))
        .newlyAdmitted()).containsExactly("new");
    assertThat(filter.isAdmitted("new")).isTrue();
    assertThat(writer.apply(List.of(ev("e6", "u1", "new", InteractionType.CLICK, t))).newlyAdmitted()).isEmpty();
  }

  @Test
  void erasingAUserAlsoRemovesTheEventIdsRememberedForIt() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    writer.apply(List.of(ev("e1", "victim", "a", InteractionType.CLICK, clock.millis())));
    store.deleteUser("victim");
    assertNothingLeftOfUser("victim");
    assertThat(writer.apply(List.of(ev("e1", "victim", "a", InteractionType.CLICK, clock.millis()))).userSideApplied())
        .as("the erased user's event ids are forgotten too").isEqualTo(1);
  }

  @Test
  void ingestedEventsRefreshTheWholeUsersTtl() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    Instant realNow = clock.instant();
    clock.set(realNow.minus(Duration.ofMinutes(50)));
    store.putUserAttributes("u", Map.of("k", "v"));
    clock.set(realNow.minus(Duration.ofMinutes(5)));
    writer.apply(List.of(ev("e1", "u", "a", InteractionType.CLICK, clock.millis())));
    clock.set(realNow);
    assertUserExpiresBetween("u", TTL.minus(Duration.ofMinutes(6)), TTL.minus(Duration.ofMinutes(4)));
  }

  // ---- interest clusters and the mixture refresh

  @Test
  void itemClustersAreReadInRequestOrderAndACountChangeDropsTheOldAssignment() {
    assertThat(store.itemClusters(List.of("a"))).isEqualTo(new ItemClusters(0, new int[] {-1}));
    store.putItemClusters(3, Map.of("a", 0, "b", 2));
    store.putItemClusters(3, Map.of("c", 1));
    assertThat(store.itemClusters(List.of("b", "x", "a", "c", "b"))).isEqualTo(new ItemClusters(3, new int[] {2, -1, 0, 1, 2}));
    assertThat(store.itemClusters(List.of())).isEqualTo(new ItemClusters(3, new int[0]));

    store.putItemClusters(5, Map.of("a", 4));
    assertThat(store.itemClusters(List.of("a", "b", "c"))).isEqualTo(new ItemClusters(5, new int[] {4, -1, -1}));
    store.deleteItem("a");
    assertThat(store.itemClusters(List.of("a"))).isEqualTo(new ItemClusters(5, new int[] {-1}));

    assertThatThrownBy(() -> store.putItemClusters(5, Map.of("b", 5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item b").hasMessageContaining("5");
    assertThatThrownBy(() -> store.putItemClusters(0, Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThat(store.itemClusters(List.of("b")).clusterCount()).as("a rejected write changes nothing").isEqualTo(5);
  }

  /** {@code w ← (1 − α)·w + α·e_c} for each (cluster, α) in turn, from {@code start}, then normalised. */
  private static double[] mixed(double[] start, double[][] steps) {
    double[] w = start.clone();
    for (double[] step : steps) {
      for (int j = 0; j < w.length; j++) w[j] *= 1 - step[1];
      w[(int) step[0]] += step[1];
    }
    return w;
  }

  private static void assertWeights(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    double sum = 0;
    for (int j = 0; j < actual.length; j++) {
      assertThat((double) actual[j]).as("weight %d", j).isCloseTo(expected[j], within(1e-6));
      sum += actual[j];
    }
    assertThat(sum).as("sum of weights").isCloseTo(1.0, within(1e-5));
  }

  @Test
  void positiveEventsMoveTheMixtureTowardTheirItemsClusterOnceAndImpressionsAndUnknownItemsDoNot() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    MixtureRefreshConfig rates = REALTIME.mixture();
    store.putItemClusters(4, Map.of("a", 2, "b", 0));
    long t = clock.millis();
    double[] uniform = {0.25, 0.25, 0.25, 0.25};

    AppliedEvents first = writer.apply(List.of(ev("e1", "u1", "a", InteractionType.CLICK, t),
        ev("e2", "u1", "b", InteractionType.IMPRESSION, t), ev("e3", "u1", "zzz", InteractionType.PURCHASE, t),
        ev("e4", "u1", "a", InteractionType.PURCHASE, t)));
    double[] expected = mixed(uniform, new double[][] {{2, rates.click()}, {2, rates.purchase()}});
    assertWeights(store.interestMixture("u1"), expected);
    assertThat(first.mixturesUpdated()).isEqualTo(2);
    assertThat(first.mixturesReset()).isZero();

    float[] before = store.interestMixture("u1");
    AppliedEvents again = writer.apply(List.of(ev("e1", "u1", "a", InteractionType.CLICK, t),
        ev("e4", "u1", "a", InteractionType.PURCHASE, t)));
    writer.apply(List.of(ev("e5", "u1", "b", InteractionType.IMPRESSION, t), ev("e6", "u1", "nope", InteractionType.CLICK, t)));
    assertThat(again.mixturesUpdated()).isZero();
    assertThat(store.interestMixture("u1")).as("redelivered, impression and unknown-cluster events").isEqualTo(before);

    writer.apply(List.of(ev("e7", "u1", "b", InteractionType.CART, t), ev("e8", "u1", "b", InteractionType.RATING, t)));
    assertWeights(store.interestMixture("u1"), mixed(expected, new double[][] {{0, rates.cart()}, {0, rates.rating()}}));
    assertThat(store.interestMixture("u2")).as("no event of u2").isEmpty();
  }

  @Test
  void aStoredMixtureIsMixedAndOneOfAnotherLengthIsResetWhenTheClusterCountChanges() {
    RealtimeFeatureWriter writer = realtimeWriter(CONFIG, REALTIME, clock);
    store.putItemClusters(2, Map.of("a", 1));
    store.putInterestMixture("u1", new float[] {0.75f, 0.25f});
    long t = clock.millis();
    writer.apply(List.of(ev("e1", "u1", "a", InteractionType.CLICK, t)));
    assertWeights(store.interestMixture("u1"), mixed(new double[] {0.75, 0.25}, new double[][] {{1, REALTIME.mixture().click()}}));

    store.putItemClusters(3, Map.of("a", 0));
    clock.set(clock.instant().plus(REALTIME.mixture().clusterCacheTtl()).plusSeconds(1)); // ingestion sees it within the TTL
    AppliedEvents r = writer.apply(List.of(ev("e2", "u1", "a", InteractionType.PURCHASE, clock.millis())));
    assertThat(r.mixturesReset()).isEqualTo(1);
    double third = 1.0 / 3;
    assertWeights(store.interestMixture("u1"),
        mixed(new double[] {third, third, third}, new double[][] {{0, REALTIME.mixture().purchase()}}));
  }

  // ---- bulk load

  @Test
  void loadingTheSameDatasetTwiceLeavesOneLoadsHistoryAndKeepsEventsIngestedSince() {
    Dataset.Builder b = Dataset.builder();
    for (int t = 1; t <= 3; t++) b.interaction(new Interaction("again", "i" + t, InteractionType.RATING, 4f, t * 10L));
    Dataset data = b.build();
    new DatasetLoader(store, 10, 2).load(data);
    store.appendHistory("again", List.of(new HistoryEntry("live", InteractionType.CLICK, 40)));
    new DatasetLoader(store, 10, 2).load(data);
    assertThat(store.history("again", 100)).extracting(HistoryEntry::itemId).containsExactly("live", "i3", "i2", "i1");
  }

  @Test
  void loadingADatasetOrdersTiesInTimeByItemIdAsTheTrainingSequencesDo() {
    Dataset.Builder b = Dataset.builder();
    // Three ratings in the same second, in file order i9, i10, i2: by item id as a string the newest is i9.
    for (String item : List.of("i9", "i10", "i2")) b.interaction(new Interaction("tie", item, InteractionType.RATING, 4f, 1000));
    b.interaction(new Interaction("tie", "i1", InteractionType.RATING, 4f, 500));
    new DatasetLoader(store, 10, 2).load(b.build());
    assertThat(store.history("tie", 10)).extracting(HistoryEntry::itemId).containsExactly("i9", "i2", "i10", "i1");
  }

  @Test
  void loadingADatasetWritesItemsAndEachUsersNewestHistoryInTimeOrder() {
    Dataset.Builder b = Dataset.builder();
    b.item(new Item("i1", "One", List.of("A"), 2000, Map.of()));
    b.item(new Item("i2", "Two", List.of("B", "C"), 2001, Map.of()));
    b.user(new User("u1", Map.of("age", "40")));
    long[] times = {50, 10, 40, 20, 30, 60, 70}; // out of order on purpose
    for (int i = 0; i < times.length; i++) {
      b.interaction(new Interaction("u1", "i" + (1 + i % 2), InteractionType.RATING, 4f, times[i]));
    }
    b.interaction(new Interaction("u2", "i3", InteractionType.CLICK, 1f, 5));

    DatasetLoader.LoadSummary s = new DatasetLoader(store, 3, 2).load(b.build());

    assertThat(s).isEqualTo(new DatasetLoader.LoadSummary(2, 2, 4));
    assertThat(store.history("u1", 10)).extracting(HistoryEntry::timestampMillis).containsExactly(70L, 60L, 50L);
    assertThat(store.history("u2", 10)).containsExactly(new HistoryEntry("i3", InteractionType.CLICK, 5));
    assertThat(store.userAttributes("u1")).containsEntry("age", "40");
    assertThat(store.items(List.of("i1", "i2", "i3"))).extracting(ItemFeatures::title).containsExactly("One", "Two", "");
  }

  @Test
  void streamingSinkWritesEverythingIncludingTheLastPartialBatch() {
    DatasetLoader loader = new DatasetLoader(store, 5, 2);
    Map<String, Integer> expected = new LinkedHashMap<>();
    try (DatasetLoader.Sink sink = loader.sink()) {
      for (int i = 0; i < 5; i++) sink.item(new Item("i" + i, "T" + i, List.of(), 0, Map.of()));
      for (int i = 0; i < 7; i++) {
        sink.interaction(new Interaction("u" + (i % 2), "i" + i, InteractionType.CLICK, 1f, i));
        expected.merge("u" + (i % 2), 1, Integer::sum);
      }
      sink.close();
      assertThat(sink.summary()).isEqualTo(new DatasetLoader.LoadSummary(5, 2, 7));
    }
    assertThat(store.history("u0", 10)).extracting(HistoryEntry::itemId).containsExactly("i6", "i4", "i2", "i0");
    assertThat(store.history("u1", 10)).hasSize(expected.get("u1"));
    assertThat(store.item("i4").title()).isEqualTo("T4");
  }
}
