package io.recsys.featurestore.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.ingest.stream.FeatureWorker;
import io.recsys.featurestore.ingest.stream.IngestEvent;
import io.recsys.featurestore.ingest.stream.IngestMetrics;
import io.recsys.featurestore.store.AppliedEvents;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisClusterExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store, the real-time writer and the ingestion workers on a real three-master Redis Cluster (Lettuce's
 * cluster client): every script must stay within one slot, batch reads span all masters, and the writer
 * groups a call's entities by slot. A cross-slot script would fail here with {@code CROSSSLOT}.
 */
class RedisClusterTest {
  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  private final MutableClock clock = MutableClock.atSystemTime();
  private final FeatureStoreConfig config = FeatureStoreConfig.defaults();
  private RedisConnection connection;
  private RedisFeatureStore store;

  @BeforeEach
  void open() {
    // What is under test is where keys land and that every event applies once, not latency: the first
    // script calls on three freshly started masters can pass the default 1 s on a busy 2-core runner
    // (seen once in a full ./recsys test).
    connection = RedisConnection.open(RedisConnectionConfig.cluster(cluster.seedUris()).withCommandTimeout(java.time.Duration.ofSeconds(10)));
    assertThat(connection.isCluster()).isTrue();
    store = RedisFeatureStore.open(connection, config, clock);
  }

  @AfterEach
  void close() {
    connection.close();
  }

  /** 1000 events over 300 users and 60 items (catalogue items 0..39, the rest unknown), with repeated ids. */
  private List<FeatureEvent> events(Map<String, Integer> perUser, Map<String, long[]> perItem) {
    SplittableRandom rnd = new SplittableRandom(5);
    InteractionType[] types = {InteractionType.IMPRESSION, InteractionType.CLICK, InteractionType.PURCHASE, InteractionType.CART};
    List<FeatureEvent> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String user = "u" + rnd.nextInt(300), item = "i" + rnd.nextInt(60);
      InteractionType type = types[rnd.nextInt(types.length)];
      out.add(new FeatureEvent("e" + i, user, item, type, clock.millis() - rnd.nextInt(60_000)));
      perUser.merge(user, 1, Integer::sum);
      long[] c = perItem.computeIfAbsent(item, k -> new long[3]);
      if (type != InteractionType.CART) c[type == InteractionType.IMPRESSION ? 0 : type == InteractionType.CLICK ? 1 : 2]++;
    }
    out.addAll(out.subList(0, 100)); // a client retry inside the batch
    return out;
  }

  @Test
  void realtimeUpdatesApplyEveryEventOnceAcrossAllMasters() {
    List<Item> items = new ArrayList<>();
    Map<String, float[]> embeddings = new HashMap<>();
    Map<String, Integer> clusters = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      items.add(new Item("i" + i, "Item " + i, List.of("c" + i % 3), 2000 + i, Map.of()));
      embeddings.put("i" + i, new float[] {i, -i});
      clusters.put("i" + i, i % 4);
    }
    store.putItems(items);
    store.putEmbeddings(embeddings);
    store.putItemClusters(4, clusters);
    Map<String, Integer> perUser = new HashMap<>();
    Map<String, long[]> perItem = new HashMap<>();
    List<FeatureEvent> batch = events(perUser, perItem);
    RedisRealtimeFeatureWriter writer = new RedisRealtimeFeatureWriter(connection, config, RealtimeConfig.defaults(), clock);

    AppliedEvents first = writer.apply(batch);
    AppliedEvents again = writer.apply(batch);

    assertThat(first.userSideApplied()).isEqualTo(1000);
    assertThat(first.itemSideApplied()).isEqualTo(1000);
    assertThat(first.mixturesUpdated()).isPositive();
    assertThat(again.userSideApplied() + again.itemSideApplied()).isZero();
    for (Map.Entry<String, Integer> u : perUser.entrySet()) {
      assertThat(store.history(u.getKey(), 1000)).as(u.getKey()).hasSize(u.getValue());
    }
    List<String> ids = new ArrayList<>(perItem.keySet());
    List<ItemFeatures> read = store.items(ids); // one MGET spanning every master's slots
    for (int i = 0; i < ids.size(); i++) {
      ItemCounters c = read.get(i).counters();
      assertThat(new long[] {c.impressionCount(), c.clickCount(), c.purchaseCount()}).as(ids.get(i))
          .containsExactly(perItem.get(ids.get(i)));
      int n = Integer.parseInt(ids.get(i).substring(1));
      if (n < 40) assertThat(read.get(i).embedding()).as("catalogue data kept").containsExactly(n, -n);
    }
    for (int node = 0; node < cluster.size(); node++) {
      assertThat(cluster.keysOnNode(node)).as("keys on master %d", node).isPositive();
    }

    String someone = perUser.keySet().iterator().next();
    store.deleteUser(someone);
    assertThat(store.user(someone, 10).present()).isFalse();
  }

  @Test
  void workersIngestThroughTheStreamOnACluster() {
    IngestProperties props = IngestProperties.defaults();
    EventStream stream = new EventStream(connection, props);
    stream.ensureGroup();
    List<IngestEvent> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(new IngestEvent("s" + i, "u" + i % 50, "new" + i % 7, InteractionType.CLICK, 1, clock.millis(), null));
    }
    stream.append(batch);
    RedisRealtimeFeatureWriter writer = new RedisRealtimeFeatureWriter(connection, config, new RealtimeConfig(
        props.dedupWindow(), new io.recsys.featurestore.store.AdmissionConfig(props.admissionThreshold(), props.admissionWindow())), clock);
    FeatureWorker worker = new FeatureWorker(stream, writer, new RedisAdmissionFilter(connection, config.keyLayout(),
        new io.recsys.featurestore.store.AdmissionConfig(props.admissionThreshold(), props.admissionWindow()), clock),
        "w-0", props, new IngestMetrics(new SimpleMeterRegistry(), props.backlogCap()), new ConcurrentHashMap<>());

    assertThat(worker.process(stream.readNew("w-0"))).isEqualTo(200);

    for (int u = 0; u < 50; u++) assertThat(store.history("u" + u, 10)).hasSize(4);
    assertThat(store.itemCounters("new0").clickCount()).isEqualTo(29);
    assertThat(stream.pendingCount()).isZero();
  }
}
