package io.recsys.candidate.train;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.interest.InterestClusters;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.train.ProgressPrinter;
import io.recsys.featurestore.store.DatasetLoader;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loads what the services read from the feature store after training: item metadata and user
 * histories ({@link DatasetLoader}), item embeddings, item → interest-cluster assignments (so
 * ingestion keeps mixtures fresh under the new clustering) and the offline interest mixtures, each in
 * pipelined batches of {@link #BATCH} entities per round trip. Idempotent: loading the same artefacts
 * twice leaves the same state. Not thread-safe.
 */
public final class FeatureStoreLoad {
  public static final int BATCH = 1000;

  private final Supplier<FeatureStore> open;
  private final PrintStream out;

  public FeatureStoreLoad(Supplier<FeatureStore> open, PrintStream out) {
    this.open = open;
    this.out = out;
  }

  /** The Redis in {@code REDIS_URL}, with the platform's default feature-store configuration. */
  public static FeatureStoreLoad fromEnvironment(PrintStream out) {
    RedisConnectionConfig redis = RedisConnectionConfig.fromEnvironment(System.getenv());
    if (redis == null) throw new IllegalStateException("REDIS_URL is not set");
    return new FeatureStoreLoad(() -> RedisFeatureStore.open(redis, FeatureStoreConfig.defaults(), Clock.systemUTC()), out);
  }

  public void load(Dataset dataset, Path itemVectors, Path clustersFile, Path mixturesFile)
      throws IOException {
    long t0 = System.nanoTime();
    out.println("feature store: loading items, histories, embeddings, clusters and mixtures ...");
    ItemVectors vectors = ItemVectors.read(itemVectors);
    InterestClusters clusters = InterestClusters.read(clustersFile);
    Map<String, float[]> mixtures = MixtureFile.read(mixturesFile);
    try (FeatureStore store = open.get()) {
      DatasetLoader.LoadSummary s = new DatasetLoader(store, FeatureStoreConfig.DEFAULT_HISTORY_CAP,
          DatasetLoader.DEFAULT_BATCH_SIZE).load(dataset);
      Map<String, float[]> batch = new HashMap<>();
      for (int i = 0; i < vectors.count(); i++) {
        batch.put(vectors.id(i), vectors.row(i));
        if (batch.size() == BATCH) {
          store.putEmbeddings(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) store.putEmbeddings(batch);
      Map<String, Integer> assign = new HashMap<>();
      int assigned = 0;
      for (int i = 0; i < clusters.itemCount(); i++) {
        // An item in no cluster (no training data) gets no assignment: its events move no interest.
        if (clusters.cluster(i) == InterestClusters.UNASSIGNED) continue;
        assigned++;
        assign.put(vectors.id(i), clusters.cluster(i));
        if (assign.size() == BATCH) {
          store.putItemClusters(clusters.clusterCount(), assign);
          assign.clear();
        }
      }
      if (!assign.isEmpty() || clusters.itemCount() == 0) store.putItemClusters(clusters.clusterCount(), assign);
      Map<String, float[]> mix = new LinkedHashMap<>();
      for (Map.Entry<String, float[]> e : mixtures.entrySet()) {
        mix.put(e.getKey(), e.getValue());
        if (mix.size() == BATCH) {
          store.putInterestMixtures(mix);
          mix.clear();
        }
      }
      if (!mix.isEmpty()) store.putInterestMixtures(mix);
      out.printf("feature store: %,d items, %,d users (%,d history entries), %,d embeddings, %,d cluster assignments,"
          + " %,d mixtures in %s%n", s.items(), s.users(), s.historyEntries(), vectors.count(), assigned,
          mixtures.size(), ProgressPrinter.duration((System.nanoTime() - t0) / 1_000_000));
    }
  }
}
