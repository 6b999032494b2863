package io.recsys.featurestore.store.bench;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.DatasetLoader;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bulk-load throughput into a local Redis: items (metadata, categories) and users' recent histories
 * from an in-memory {@link Dataset}, through {@link DatasetLoader}. A main, not a test; run it as the
 * README's "Feature store" section says. Arguments: items (default 200000), users (default 20000),
 * events per user (default 50).
 */
public final class BulkLoadBenchmark {
  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int perUser = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Dataset data = dataset(items, users, perUser, 7);
    try (BenchmarkRedis redis = new BenchmarkRedis();
        RedisFeatureStore store = RedisFeatureStore.open(redis.config(), FeatureStoreConfig.defaults(), Clock.systemUTC())) {
      System.err.println("redis: " + redis.describe() + "; java " + Runtime.version() + "; cpus "
          + Runtime.getRuntime().availableProcessors());
      for (int round = 0; round < 3; round++) { // round 0 warms up the JIT
        long t0 = System.nanoTime();
        DatasetLoader.LoadSummary s = new DatasetLoader(store, FeatureStoreConfig.DEFAULT_HISTORY_CAP,
            DatasetLoader.DEFAULT_BATCH_SIZE).load(data);
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("round %d: %d items, %d users, %d history entries in %.2f s%n", round, s.items(), s.users(),
            s.historyEntries(), sec);
      }
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        int n = 0;
        List<Item> batch = new ArrayList<>(DatasetLoader.DEFAULT_BATCH_SIZE);
        for (int i = 0; i < data.items().size(); i++) {
          batch.add(data.itemMetadata(i));
          if (batch.size() == DatasetLoader.DEFAULT_BATCH_SIZE) {
            store.putItems(batch);
            n += batch.size();
            batch.clear();
          }
        }
        store.putItems(batch);
        n += batch.size();
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("items only, round %d: %d items in %.3f s = %.0f items/s%n", round, n, sec, n / sec);
      }
    }
  }

  static Dataset dataset(int items, int users, int perUser, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] genres = {"Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi", "Thriller", "Documentary"};
    Dataset.Builder b = Dataset.builder();
    for (int i = 0; i < items; i++) {
      b.item(new Item("item" + i, "Title number " + i, List.of(genres[i % 8], genres[(i / 8) % 8]), 1950 + i % 70,
          Map.of("studio", "s" + i % 100)));
    }
    long t = 1_700_000_000_000L;
    for (int u = 0; u < users; u++) {
      for (int e = 0; e < perUser; e++) {
        b.interaction(new Interaction("user" + u, "item" + rnd.nextInt(items), InteractionType.CLICK, 1f,
            t + rnd.nextLong(86_400_000L)));
      }
    }
    return b.build();
  }
}
