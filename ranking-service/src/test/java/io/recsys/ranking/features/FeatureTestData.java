package io.recsys.ranking.features;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.core.vectors.ItemVectorFile;
import io.recsys.evaluation.split.ItemOrder;
import io.recsys.evaluation.split.UserSequences;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small seeded datasets and window models for the feature tests. */
final class FeatureTestData {
  static final long T0 = 1_700_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final String[] GENRES = {"Drama", "Comedy", "Action", "Horror", "Sci-Fi"};

  final int users;
  final int items;
  final int dim;
  final List<Interaction> interactions = new ArrayList<>();
  final ItemVectorFile.Table vectors;
  final Object2IntOpenHashMap<String> clusters = new Object2IntOpenHashMap<>();

  /**
   * Users with distinct timestamps of their own (no ties within a user), mostly ratings plus clicks,
   * purchases, carts and impressions; items 0..items-1 ("i0".."iN") with one or two genres; window
   * vectors for all but the last two items (never engaged in the window: zero rows), 3 clusters and
   * some items without a cluster.
   */
  FeatureTestData(long seed, int users, int items, int perUser, int dim) {
    this.users = users;
    this.items = items;
    this.dim = dim;
    SplittableRandom r = new SplittableRandom(seed);
    InteractionType[] types = {InteractionType.RATING, InteractionType.RATING, InteractionType.RATING, InteractionType.CLICK,
        InteractionType.PURCHASE, InteractionType.CART, InteractionType.IMPRESSION};
    for (int u = 0; u < users; u++) {
      long t = T0 + r.nextLong(30 * DAY);
      for (int k = 0; k < perUser; k++) {
        t += 1 + r.nextLong(2 * DAY);
        // Skewed item choice so some items are popular and transitions repeat.
        int item = (int) Math.min(items - 1, Math.abs(r.nextGaussian()) * items / 3);
        InteractionType type = types[r.nextInt(types.length)];
        float value = type == InteractionType.RATING ? 1 + r.nextInt(5) : 1f;
        interactions.add(new Interaction("u" + u, "i" + item, type, value, t));
      }
    }
    String[] ids = new String[items - 2];
    float[] data = new float[(items - 2) * dim];
    for (int i = 0; i < items - 2; i++) {
      ids[i] = "i" + i;
      for (int x = 0; x < dim; x++) data[i * dim + x] = (float) r.nextGaussian();
      clusters.put("i" + i, i % 7 == 6 ? -1 : i % 3);
    }
    vectors = new ItemVectorFile.Table(ids, dim, data);
  }

  Dataset dataset() {
    return dataset(interactions);
  }

  /** Items are registered first, in index order, so their rows do not depend on the interactions. */
  Dataset dataset(List<Interaction> rows) {
    Dataset.Builder b = Dataset.builder();
    for (int i = 0; i < items; i++) {
      List<String> cats = i % 4 == 0 ? List.of(GENRES[i % GENRES.length], GENRES[(i + 1) % GENRES.length])
          : List.of(GENRES[i % GENRES.length]);
      b.item(new Item("i" + i, "item " + i, cats, Item.UNKNOWN_YEAR, Map.of()));
    }
    for (Interaction x : rows) b.interaction(x);
    return b.build();
  }

  static UserSequences sequences(Dataset d) {
    return UserSequences.of(d, UserSequences.defaultPositiveTypes(), ItemOrder.of(d.items()));
  }

  /** Source scores with knn-embed and popular found. */
  static float[] sources(float knn, float popular) {
    float[] s = CandidateView.noSources();
    s[RankingFeatures.SOURCES.indexOf("knn-embed")] = knn;
    s[RankingFeatures.SOURCES.indexOf("popular")] = popular;
    return s;
  }
}
