package io.recsys.featurestore.store.bench;

import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.featurestore.store.redis.RedisRealtimeFeatureWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Redis side of ingestion alone, not a test: applies batches of events with one
 * {@link RedisRealtimeFeatureWriter} (no HTTP, no stream) and reports events/s and, from the server's
 * {@code INFO cpu}, the redis-server main-thread CPU time per event, which is what bounds ingestion
 * on a machine where Redis gets one core. The events follow {@code IngestBenchmark}'s mix (50k users,
 * 20k skewed items, half impressions). With {@code catalogue=1} the 20k items are first loaded with
 * a title, two categories and a 64-d embedding (~330-byte records, as a real catalogue), so the cost of
 * updating counters inside a larger record shows. Args: {@code [events=200000] [batch=1000]
 * [entitiesPerCall=64] [clusters=16] [rounds=3] [catalogue=1]}; each round uses new event ids, the
 * first is warm-up unless it is the only one ({@code rounds=1}: one cold, measured round).
 */
public final class RealtimeWriterBenchmark {
  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int perCall = args.length > 2 ? Integer.parseInt(args[2]) : RealtimeConfig.DEFAULT_ENTITIES_PER_CALL;
    int clusters = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
    int warmups = rounds > 1 ? 1 : 0;
    int measured = rounds - warmups;
    boolean catalogue = args.length <= 5 || !args[5].equals("0");
    try (BenchmarkRedis redis = new BenchmarkRedis();
        RedisConnection connection = RedisConnection.open(redis.config())) {
      try (ServerCpu info = new ServerCpu(redis.config().nodes().getFirst())) {
        info.flushAll();
        FeatureStoreConfig config = FeatureStoreConfig.defaults();
        RedisFeatureStore store = RedisFeatureStore.open(connection, config, Clock.systemUTC());
        if (clusters > 0) {
          Map<String, Integer> assignment = new HashMap<>();
          for (int i = 0; i < 20_000; i++) assignment.put("i" + i, i % clusters);
          store.putItemClusters(clusters, assignment);
        }
        if (catalogue) BenchmarkCatalogue.load(store, 20_000);
        RedisRealtimeFeatureWriter writer = new RedisRealtimeFeatureWriter(connection, config,
            RealtimeConfig.defaults().withEntitiesPerCall(perCall), Clock.systemUTC());
        System.out.printf("%s; %d events per round in batches of %d, %d entities per call, %d clusters, %s%n",
            redis.describe(), events, batch, perCall, clusters,
            catalogue ? "20k catalogue items with metadata and 64-d embeddings" : "no catalogue (counters-only records)");
        InteractionType[] types = {InteractionType.IMPRESSION, InteractionType.IMPRESSION, InteractionType.IMPRESSION,
            InteractionType.CLICK, InteractionType.CART, InteractionType.PURCHASE};
        double[] perEventMicros = new double[measured];
        double[] eventsPerSecond = new double[measured];
        for (int round = 0; round < rounds; round++) {
          SplittableRandom rnd = new SplittableRandom(42 + round);
          List<List<FeatureEvent>> batches = new ArrayList<>();
          long ts = System.currentTimeMillis();
          for (int b = 0; b < events / batch; b++) {
            List<FeatureEvent> list = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
              list.add(new FeatureEvent("r" + round + "-" + b + "-" + i, "u" + rnd.nextInt(50_000),
                  "i" + (int) (Math.pow(rnd.nextDouble(), 3) * 20_000), types[rnd.nextInt(types.length)], ts));
            }
            batches.add(list);
          }
          double cpu0 = info.seconds();
          long t0 = System.nanoTime();
          for (List<FeatureEvent> b : batches) writer.apply(b);
          double seconds = (System.nanoTime() - t0) / 1e9;
          double cpu = info.seconds() - cpu0;
          int n = batches.size() * batch;
          System.out.printf("round %d%s: %.0f events/s, redis-server %.1f µs CPU per event (%.2f s of %.2f s)%n",
              round, round < warmups ? " (warm-up)" : "", n / seconds, cpu * 1e6 / n, cpu, seconds);
          if (round >= warmups) {
            perEventMicros[round - warmups] = cpu * 1e6 / n;
            eventsPerSecond[round - warmups] = n / seconds;
          }
        }
        Arrays.sort(perEventMicros);
        Arrays.sort(eventsPerSecond);
        System.out.printf("median of %d rounds: %.0f events/s, %.1f µs redis-server CPU per event%n",
            measured, eventsPerSecond[measured / 2], perEventMicros[measured / 2]);
      }
    }
  }
}
