package io.recsys.featurestore.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import io.recsys.featurestore.store.AdmissionConfig;
import io.recsys.featurestore.store.redis.RedisAdmissionFilter;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.featurestore.store.redis.RedisRealtimeFeatureWriter;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Consumers that die between applying and acknowledging, poison entries, dead letters: against a real Redis. */
class FeatureWorkerTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private final MutableClock clock = MutableClock.atSystemTime();
  private final FeatureStoreConfig config = FeatureStoreConfig.defaults();
  private final List<RedisConnection> connections = new ArrayList<>();
  private IngestProperties props;
  private IngestMetrics metrics;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private RedisFeatureStore store;
  private EventStream producer;
  private final Map<String, Integer> eventsPerUser = new HashMap<>();

  @BeforeEach
  void open() {
    // reclaimAfter 1 ms: an entry pending for any time at all may be reclaimed, so tests need not wait.
    props = new IngestProperties(null, null, null, null, null, null, "test", 1, 100, Duration.ofMillis(50),
        Duration.ofMillis(1), Duration.ofMillis(1), 3, null, null, null, null, null, 2, null, null, null, null, null, null);
    metrics = new IngestMetrics(registry, props.backlogCap());
    RedisConnection shared = connect();
    store = RedisFeatureStore.open(shared, config, clock);
    producer = new EventStream(shared, props);
    producer.ensureGroup();
  }

  @AfterEach
  void close() {
    for (RedisConnection c : connections) c.close();
  }

  private RedisConnection connect() {
    RedisConnection c = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()).withCommandTimeout(Duration.ofSeconds(2)));
    connections.add(c);
    return c;
  }

  private FeatureWorker worker(String consumer) {
    RedisConnection c = connect();
    RealtimeFeatureWriter writer = new RedisRealtimeFeatureWriter(c, config, new RealtimeConfig(props.dedupWindow(),
        new AdmissionConfig(props.admissionThreshold(), props.admissionWindow())), clock);
    return new FeatureWorker(new EventStream(c, props), writer, new RedisAdmissionFilter(c, config.keyLayout(),
        new AdmissionConfig(props.admissionThreshold(), props.admissionWindow()), clock), consumer, props, metrics,
        new ConcurrentHashMap<>());
  }

  /** 300 random events over 20 users and 15 items, appended in batches of 50; returns each level's count per item. */
  private Map<String, long[]> appendEvents() {
    SplittableRandom rnd = new SplittableRandom(11);
    Map<String, long[]> expected = new HashMap<>();
    InteractionType[] types = InteractionType.values();
    List<IngestEvent> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      InteractionType type = types[rnd.nextInt(types.length)];
      String item = "i" + rnd.nextInt(15);
      String user = "u" + rnd.nextInt(20);
      batch.add(new IngestEvent("e" + i, user, item, type, 1, clock.millis() - rnd.nextInt(100_000), null));
      eventsPerUser.merge(user, 1, Integer::sum);
      long[] c = expected.computeIfAbsent(item, k -> new long[5]);
      if (type != InteractionType.RATING) c[type.level()]++; // impressions, clicks, favourites, carts, purchases
      if (batch.size() == 50) {
        producer.append(batch);
        batch = new ArrayList<>();
      }
    }
    return expected;
  }

  private void assertCountersEqual(Map<String, long[]> expected) {
    for (Map.Entry<String, Integer> u : eventsPerUser.entrySet()) {
      assertThat(store.history(u.getKey(), 200)).as("history of %s", u.getKey()).hasSize(u.getValue());
    }
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      assertThat(counts(store.itemCounters(e.getKey()))).as(e.getKey()).containsExactly(e.getValue());
    }
  }

  /** What a consumer does before it dies: reads a batch and applies part of it, never acknowledging. */
  private void crashAfterApplyingPartOfABatch(FeatureWorker w, int applied) {
    List<StreamMessage<String, byte[]>> batch = producer.readNew(w.consumer());
    assertThat(batch).hasSize(props.readCount());
    List<io.recsys.featurestore.store.FeatureEvent> events = new ArrayList<>();
    for (StreamMessage<String, byte[]> m : batch.subList(0, applied)) {
      events.add(StreamEntryCodec.decode(m.getBody().get(StreamEntryCodec.FIELD)).toFeatureEvent());
    }
    new RedisRealtimeFeatureWriter(producer.connection(), config, RealtimeConfig.defaults(), clock).apply(events);
  }

  private void drain(FeatureWorker w) {
    while (w.process(producer.readNew(w.consumer())) > 0) { /* until the stream is consumed */ }
  }

  @Test
  void aConsumerRestartedUnderItsNameAppliesWhatItHeldExactlyOnce() {
    Map<String, long[]> expected = appendEvents();
    crashAfterApplyingPartOfABatch(worker("w-0"), 60);

    FeatureWorker restarted = worker("w-0");
    restarted.drainOwnPending();
    drain(restarted);

    assertCountersEqual(expected);
    assertThat(producer.pendingCount()).isZero();
  }

  @Test
  void anotherConsumerReclaimsADeadConsumersEntriesAndAppliesThemExactlyOnce() throws InterruptedException {
    Map<String, long[]> expected = appendEvents();
    crashAfterApplyingPartOfABatch(worker("dead"), 99);
    Thread.sleep(5); // pending longer than reclaimAfter

    FeatureWorker survivor = worker("survivor");
    survivor.reclaim();
    drain(survivor);

    assertCountersEqual(expected);
    assertThat(producer.pendingCount()).isZero();
    for (Map.Entry<String, Integer> u : eventsPerUser.entrySet()) {
      assertThat(store.history(u.getKey(), 200)).as(u.getKey()).hasSize(u.getValue());
    }
  }

  @Test
  void aWorkerThreadInterruptedMidRunLeavesNothingLostOrDoubled() throws InterruptedException {
    Map<String, long[]> expected = appendEvents();
    FeatureWorker first = worker("w-0");
    Thread t = Thread.ofPlatform().start(first);
    Thread.sleep(30); // somewhere in the middle of its batches
    t.interrupt();
    first.stop();
    t.join(5000);

    FeatureWorker second = worker("w-0");
    Thread t2 = Thread.ofPlatform().start(second);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (producer.pendingCount() > 0 || !countersEqual(expected)) {
      assertThat(System.nanoTime()).as("second worker did not catch up in 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    second.stop();
    t2.join(5000);
    assertCountersEqual(expected);
  }

  private static long[] counts(ItemCounters c) {
    return new long[] {c.impressionCount(), c.clickCount(), c.favouriteCount(), c.cartCount(), c.purchaseCount()};
  }

  private boolean countersEqual(Map<String, long[]> expected) {
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      if (!Arrays.equals(counts(store.itemCounters(e.getKey())), e.getValue())) return false;
    }
    return true;
  }

  private List<String> announcedItems() {
    return fieldOfEveryEntry(props.admittedStream(), "item");
  }

  @Test
  void anItemIsAnnouncedOnceWhenItsEventsReachTheAdmissionThreshold() {
    assertThat(props.admissionThreshold()).isEqualTo(2);
    producer.append(List.of(new IngestEvent("a1", "u1", "new", InteractionType.CLICK, 1, clock.millis(), null),
        new IngestEvent("b1", "u1", "rare", InteractionType.CLICK, 1, clock.millis(), null)));
    FeatureWorker w = worker("w-0");
    drain(w);
    assertThat(announcedItems()).as("one event each: nobody admitted yet").isEmpty();

    producer.append(List.of(new IngestEvent("a2", "u2", "new", InteractionType.IMPRESSION, 1, clock.millis(), null),
        new IngestEvent("a3", "u3", "new", InteractionType.IMPRESSION, 1, clock.millis(), null),
        new IngestEvent("a1", "u1", "new", InteractionType.CLICK, 1, clock.millis(), null))); // a client retry of a1
    drain(w);
    producer.append(List.of(new IngestEvent("a4", "u4", "new", InteractionType.CLICK, 1, clock.millis(), null)));
    drain(w);

    assertThat(announcedItems()).containsExactly("new");
  }

  @Test
  void anAdmissionLostInACrashIsAnnouncedByTheRedelivery() {
    producer.append(List.of(new IngestEvent("a1", "u1", "new", InteractionType.CLICK, 1, clock.millis(), null),
        new IngestEvent("a2", "u2", "new", InteractionType.CLICK, 1, clock.millis(), null),
        new IngestEvent("b1", "u1", "rare", InteractionType.CLICK, 1, clock.millis(), null)));
    // The dying consumer applied the batch (the item crossed the threshold) but announced nothing.
    List<StreamMessage<String, byte[]>> held = producer.readNew("w-0");
    List<io.recsys.featurestore.store.FeatureEvent> events = new ArrayList<>();
    for (StreamMessage<String, byte[]> m : held) events.add(StreamEntryCodec.decode(m.getBody().get(StreamEntryCodec.FIELD)).toFeatureEvent());
    new RedisRealtimeFeatureWriter(producer.connection(), config, new RealtimeConfig(props.dedupWindow(),
        new AdmissionConfig(props.admissionThreshold(), props.admissionWindow())), clock).apply(events);
    assertThat(announcedItems()).isEmpty();

    FeatureWorker restarted = worker("w-0");
    restarted.drainOwnPending();

    assertThat(announcedItems()).containsExactly("new");
    assertThat(producer.pendingCount()).isZero();
  }

  @Test
  void undecodableEntriesGoToTheDeadLetterStreamAtOnce() {
    var c = producer.connection();
    var f = c.commands().xadd(props.stream(), Map.of(StreamEntryCodec.FIELD, "garbage".getBytes(StandardCharsets.UTF_8)));
    c.flush();
    c.await(f);
    FeatureWorker w = worker("w-0");

    assertThat(w.process(producer.readNew("w-0"))).isEqualTo(1);

    assertThat(producer.pendingCount()).isZero();
    assertThat(deadLetterReasons()).singleElement().asString().startsWith("undecodable");
    assertThat(metrics.deadLetters()).isEqualTo(1);
  }

  @Test
  void anEventThatKeepsFailingIsDeadLetteredWithTheReasonAfterMaxDeliveriesAndTheRestIsApplied() throws InterruptedException {
    // A history key of the wrong type makes the user's script fail for this user only.
    var c = producer.connection();
    var f = c.commands().set(config.keyLayout().user("poisoned", KeyLayout.HISTORY), new byte[] {1});
    c.flush();
    c.await(f);
    long t = clock.millis();
    producer.append(List.of(new IngestEvent("bad", "poisoned", "i1", InteractionType.CLICK, 1, t, null),
        new IngestEvent("good", "fine", "i1", InteractionType.CLICK, 1, t, null)));
    FeatureWorker w = worker("w-0");

    assertThat(w.process(producer.readNew("w-0"))).isEqualTo(1); // the good one
    for (int i = 0; i < props.maxDeliveries() + 1 && producer.pendingCount() > 0; i++) {
      Thread.sleep(3);
      w.reclaim();
    }

    assertThat(producer.pendingCount()).isZero();
    assertThat(deadLetterReasons()).singleElement().asString().contains("WRONGTYPE");
    assertThat(store.history("fine", 10)).hasSize(1);
    // the item side of the poisoned event was applied before its user side failed, once
    assertThat(store.itemCounters("i1").clickCount()).isEqualTo(2);
  }

  @Test
  void whatABatchAppliedBeforeAnotherEventFailedIsCountedAndItsAdmissionsAnnounced() {
    assertThat(props.admissionThreshold()).isEqualTo(2);
    // A history key of the wrong type makes the user script refuse this user; it sits between two
    // good users of the same script call, so the call fails part-way.
    var c = producer.connection();
    var f = c.commands().set(config.keyLayout().user("poisoned", KeyLayout.HISTORY), new byte[] {1});
    c.flush();
    c.await(f);
    long t = clock.millis();
    producer.append(List.of(new IngestEvent("c1", "u1", "new", InteractionType.CLICK, 1, t, null),
        new IngestEvent("bad", "poisoned", "other", InteractionType.CLICK, 1, t, null),
        new IngestEvent("c2", "u2", "new", InteractionType.CLICK, 1, t, null)));
    FeatureWorker w = worker("w-0");

    assertThat(w.process(producer.readNew("w-0"))).isEqualTo(2);

    assertThat(store.itemCounters("new").clickCount()).isEqualTo(2);
    assertThat(announcedItems()).as("the batch admitted 'new' before the fallback").containsExactly("new");
    assertThat(registry.get("recsys.ingest.events.applied").tag("side", "user").counter().count())
        .as("u1 (applied by the failing call) and u2 (by the fallback)").isEqualTo(2);
    assertThat(registry.get("recsys.ingest.events.applied").tag("side", "item").counter().count())
        .as("three item sides, all in the batch call").isEqualTo(3);
    assertThat(registry.get("recsys.ingest.items.admitted").counter().count()).isEqualTo(1);
    assertThat(store.history("u1", 10)).hasSize(1);
    assertThat(store.history("u2", 10)).hasSize(1);
  }

  private List<String> deadLetterReasons() {
    return fieldOfEveryEntry(props.deadLetterStream(), "reason");
  }

  private List<String> fieldOfEveryEntry(String streamKey, String field) {
    var c = producer.connection();
    var f = c.commands().xrange(streamKey, io.lettuce.core.Range.create("-", "+"));
    c.flush();
    List<String> out = new ArrayList<>();
    for (StreamMessage<String, byte[]> m : c.await(f)) out.add(new String(m.getBody().get(field), StandardCharsets.UTF_8));
    return out;
  }
}
