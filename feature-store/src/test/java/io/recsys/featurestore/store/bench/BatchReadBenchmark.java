package io.recsys.featurestore.store.bench;

import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Latency of reading 500 items' features (metadata, 64-d embedding, counters) in one batch over
 * loopback, as the ranking service hydrates candidates. A main, not a test. Arguments: catalogue size
 * (default 20000), measured batches (default 5000), batch size (default 500).
 */
public final class BatchReadBenchmark {
  public static void main(String[] args) throws Exception {
    int catalogue = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    SplittableRandom rnd = new SplittableRandom(11);
    try (BenchmarkRedis redis = new BenchmarkRedis();
        RedisFeatureStore store = RedisFeatureStore.open(redis.config(), FeatureStoreConfig.defaults(), Clock.systemUTC())) {
      System.err.println("redis: " + redis.describe() + "; java " + Runtime.version() + "; cpus "
          + Runtime.getRuntime().availableProcessors());
      List<Item> items = new ArrayList<>();
      Map<String, float[]> embeddings = new HashMap<>();
      List<CounterUpdate> counts = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (int i = 0; i < catalogue; i++) {
        String id = "item" + i;
        items.add(new Item(id, "Title number " + i, List.of("Drama", "Comedy"), 1990 + i % 30, Map.of("studio", "s" + i % 50)));
        float[] v = new float[64];
        for (int d = 0; d < v.length; d++) v[d] = (float) rnd.nextGaussian();
        embeddings.put(id, v);
        counts.add(new CounterUpdate(id, ItemCounter.IMPRESSIONS, 1 + rnd.nextInt(100), now));
        if (items.size() == 1000) {
          store.putItems(items);
          store.putEmbeddings(embeddings);
          store.countItemEvents(counts);
          items.clear();
          embeddings.clear();
          counts.clear();
        }
      }
      store.putItems(items);
      store.putEmbeddings(embeddings);
      store.countItemEvents(counts);

      Histogram warm = run(store, rnd, catalogue, Math.max(500, batches / 2), batchSize);
      Histogram h = run(store, rnd, catalogue, batches, batchSize);
      System.out.printf("warm-up: %d batches, p50 %.3f ms, p99 %.3f ms%n", warm.getTotalCount(),
          warm.getValueAtPercentile(50) / 1e6, warm.getValueAtPercentile(99) / 1e6);
      System.out.printf("%d batches of %d items (catalogue %d): p50 %.3f ms, p90 %.3f ms, p95 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
          h.getTotalCount(), batchSize, catalogue, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
          h.getValueAtPercentile(95) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
          h.getMaxValue() / 1e6);
    }
  }

  private static Histogram run(RedisFeatureStore store, SplittableRandom rnd, int catalogue, int batches, int batchSize) {
    Histogram h = new Histogram(3_600_000_000_000L, 3);
    List<String> ids = new ArrayList<>(batchSize);
    long checksum = 0;
    for (int b = 0; b < batches; b++) {
      ids.clear();
      for (int i = 0; i < batchSize; i++) ids.add("item" + rnd.nextInt(catalogue));
      long t0 = System.nanoTime();
      List<ItemFeatures> got = store.items(ids);
      h.recordValue(System.nanoTime() - t0);
      checksum += got.get(b % batchSize).embedding().length;
    }
    if (checksum != 64L * batches) throw new IllegalStateException("unexpected embeddings, checksum " + checksum);
    return h;
  }
}
