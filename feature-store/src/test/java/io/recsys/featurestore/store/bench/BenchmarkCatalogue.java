package io.recsys.featurestore.store.bench;

import io.recsys.core.dataset.Item;
import io.recsys.featurestore.store.FeatureStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The catalogue the ingestion benchmarks load: items {@code i0..i<n-1>} as a real shop's would look. */
public final class BenchmarkCatalogue {
  private BenchmarkCatalogue() {}

  /**
   * Writes {@code n} items, each with a title, two categories and a 64-d embedding (~330-byte records),
   * in batches of 1000; seeded, so every run writes the same catalogue.
   */
  public static void load(FeatureStore store, int n) {
    SplittableRandom rnd = new SplittableRandom(7);
    List<Item> items = new ArrayList<>();
    Map<String, float[]> embeddings = new HashMap<>();
    for (int i = 0; i < n; i++) {
      items.add(new Item("i" + i, "Item number " + i + " (2026)", List.of("Category " + i % 20, "Genre " + i % 7), 2026,
          Map.of()));
      float[] v = new float[64];
      for (int d = 0; d < v.length; d++) v[d] = (float) rnd.nextGaussian();
      embeddings.put("i" + i, v);
      if (items.size() == 1000 || i == n - 1) {
        store.putItems(items);
        store.putEmbeddings(embeddings);
        items.clear();
        embeddings.clear();
      }
    }
  }
}
