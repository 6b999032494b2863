package io.recsys.ranking.bench;

import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.CounterUpdate;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.featurestore.store.ScoringFeatures;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisFeatureStore;
import io.recsys.ranking.api.RankRequest;
import io.recsys.ranking.features.CandidateView;
import io.recsys.ranking.features.FeatureConfig;
import io.recsys.ranking.features.FeatureScaler;
import io.recsys.ranking.features.RankerTables;
import io.recsys.ranking.features.RankingFeatures;
import io.recsys.ranking.features.UserView;
import io.recsys.ranking.model.MoeNetwork;
import io.recsys.ranking.model.MoeParameters;
import io.recsys.ranking.serve.RankInput;
import io.recsys.ranking.serve.RankingModel;
import io.recsys.ranking.serve.RankingModelLoader;
import io.recsys.ranking.train.RankerArtifacts;
import io.recsys.ranking.train.RankerFixture;
import io.recsys.testsupport.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * {@code ./recsys bench rank}: latency of ranking 500 candidates, in one process, on a ranker the ranker
 * stage trained on a synthetic world of the production shape (64-d item vectors, 20 behaviours):
 * <ol>
 *   <li>score: features assembled, scaled, one ONNX Runtime call, calibration, sort (hydration excluded);
 *   <li>the same with hydration from Redis: the user's history and the 500 items' records in one
 *       pipelined round trip ({@code REDIS_URL}, else an embedded redis-server on loopback);
 *   <li>baseline, same run: the Java forward pass ({@link MoeNetwork}) on the same inputs, so the ONNX
 *       number reads as a ratio.
 * </ol>
 * Arguments: [items=3000] [users=1500] [requests=3000] [candidates=500]. Single-threaded requests;
 * ONNX Runtime with one intra-op thread, no spinning (the service's defaults).
 */
public final class RankBenchmark {
  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    if (count > items) throw new IllegalArgumentException("candidates (" + count + ") must not exceed items (" + items + ")");
    System.err.printf("java %s; cpus %d; training a ranker on a synthetic world of %d items, %d users ...%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), items, users);
    Path root = Files.createTempDirectory("rank-bench");
    long t0 = System.nanoTime();
    RankerFixture.Published published = RankerFixture.trainAndPublish(root,
        new RankerFixture.World(items, users, 30, 5, 100, 64), "--ranker-epochs", "2");
    System.err.printf("trained in %.1fs%n", (System.nanoTime() - t0) / 1e9);
    ArtifactVersion version = published.store().current(RankerArtifacts.RANKER);
    SplittableRandom rnd = new SplittableRandom(17);
    long now = System.currentTimeMillis();

    RedisExtension embedded = null;
    String url = System.getenv("REDIS_URL");
    if (url == null || url.isBlank()) {
      embedded = RedisExtension.create();
      embedded.beforeAll(null);
      url = embedded.uri();
    }
    try (RankingModel model = new RankingModelLoader().load(version);
        RedisFeatureStore store = RedisFeatureStore.open(RedisConnectionConfig.standalone(url), FeatureStoreConfig.defaults(),
            Clock.systemUTC())) {
      System.err.println("redis: " + (embedded != null ? embedded.describe() : url));
      List<io.recsys.core.dataset.Item> meta = new ArrayList<>();
      List<CounterUpdate> counts = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        meta.add(new io.recsys.core.dataset.Item("i" + i, "Title " + i, List.of("Drama"), 1990, Map.of()));
        counts.add(new CounterUpdate("i" + i, ItemCounter.IMPRESSIONS, 1 + rnd.nextInt(100), now));
        counts.add(new CounterUpdate("i" + i, ItemCounter.CLICKS, 1 + rnd.nextInt(10), now));
      }
      store.putItems(meta);
      store.countItemEvents(counts);
      for (int u = 0; u < 200; u++) store.appendHistory("bench-u" + u, history(rnd, items, 50, now));

      // Requests: a user's 50-entry history, 500 distinct candidates with two sources' scores.
      List<List<HistoryEntry>> histories = new ArrayList<>();
      List<List<RankRequest.Candidate>> candidates = new ArrayList<>();
      for (int q = 0; q < 64; q++) {
        histories.add(history(rnd, items, 50, now));
        candidates.add(candidates(rnd, items, count));
      }

      Histogram score = new Histogram(3_600_000_000_000L, 3), hydrated = new Histogram(3_600_000_000_000L, 3);
      Histogram hydration = new Histogram(3_600_000_000_000L, 3), java = new Histogram(3_600_000_000_000L, 3);
      double sink = 0;
      for (int pass = 0; pass < 2; pass++) { // pass 0 warms up, pass 1 is measured
        score.reset();
        hydrated.reset();
        hydration.reset();
        for (int q = 0; q < requests; q++) {
          List<RankRequest.Candidate> cs = candidates.get(q % candidates.size());
          long s0 = System.nanoTime();
          sink += model.rank(new RankInput("u", histories.get(q % histories.size()), cs, null, now)).items().getFirst().score();
          score.recordValue(System.nanoTime() - s0);

          String user = "bench-u" + (q % 200);
          long h0 = System.nanoTime();
          List<String> ids = new ArrayList<>(cs.size());
          for (RankRequest.Candidate c : cs) ids.add(c.itemId());
          ScoringFeatures f = store.scoringFeatures(user, 200, ids);
          ItemCounters[] counters = new ItemCounters[ids.size()];
          for (int i = 0; i < counters.length; i++) {
            ItemFeatures it = f.items().get(i);
            counters[i] = it.present() ? it.counters() : null;
          }
          long h1 = System.nanoTime();
          sink += model.rank(new RankInput(user, f.user().history(), cs, counters, now)).items().getFirst().score();
          long h2 = System.nanoTime();
          hydration.recordValue(h1 - h0);
          hydrated.recordValue(h2 - h0);
        }
      }

      // Baseline: the Java forward pass on the same assembled inputs.
      MoeParameters p = MoeParameters.read(version.file(RankerArtifacts.PARAMETERS_FILE));
      RankerTables tables = RankerTables.read(version.path());
      RankingFeatures features = new RankingFeatures(tables, FeatureConfig.defaults().withSequenceLength(p.architecture().sequenceLength()));
      FeatureScaler scaler = FeatureScaler.read(version.path());
      int d = features.denseDim(), e = features.embeddingDim(), l = features.sequenceLength();
      CandidateView[] views = new CandidateView[count];
      for (int j = 0; j < count; j++) {
        views[j] = new CandidateView(tables.row(candidates.getFirst().get(j).itemId()), 0.5f, j, CandidateView.noSources());
      }
      float[] dense = new float[count * d], target = new float[count * e], behaviours = new float[l * e], mask = new float[l];
      features.assemble(UserView.ofHistory(histories.getFirst(), tables, now), views, count, tables.stats(), null, now, dense, target,
          behaviours, mask);
      scaler.apply(dense, count);
      float[] c = new float[count], g = new float[count];
      for (int pass = 0; pass < 2; pass++) {
        java.reset();
        for (int q = 0; q < Math.max(200, requests / 5); q++) {
          long s0 = System.nanoTime();
          MoeNetwork.score(p, behaviours, mask, dense, target, count, c, g);
          java.recordValue(System.nanoTime() - s0);
          sink += c[0];
        }
      }

      System.out.printf(Locale.ROOT, "ranker %s: D=%d E=%d L=%d experts=%d; %d requests of %d candidates, single thread%n",
          version.name(), d, e, l, p.architecture().experts(), requests, count);
      print("score (assemble + ONNX Runtime + calibrate + sort)", score);
      print("hydration alone (1 pipelined Redis read)", hydration);
      print("hydrate + score", hydrated);
      print("baseline: Java forward pass only", java);
      System.out.printf(Locale.ROOT, "ratio score p50 / Java forward p50: %.2f (checksum %.3f)%n",
          score.getValueAtPercentile(50) / (double) java.getValueAtPercentile(50), sink);
    } finally {
      if (embedded != null) embedded.afterAll(null);
    }
  }

  private static void print(String what, Histogram h) {
    System.out.printf(Locale.ROOT, "%-52s p50 %6.3f ms  p90 %6.3f ms  p99 %6.3f ms  p99.9 %6.3f ms  max %6.3f ms  (n=%d)%n", what,
        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, h.getTotalCount());
  }

  private static List<HistoryEntry> history(SplittableRandom rnd, int items, int n, long now) {
    List<HistoryEntry> h = new ArrayList<>(n);
    for (int k = 0; k < n; k++) h.add(new HistoryEntry("i" + rnd.nextInt(items), InteractionType.CLICK, now - 60_000L * (k + 1)));
    return h;
  }

  private static List<RankRequest.Candidate> candidates(SplittableRandom rnd, int items, int count) {
    java.util.LinkedHashSet<Integer> picked = new java.util.LinkedHashSet<>();
    while (picked.size() < count) picked.add(rnd.nextInt(items));
    List<RankRequest.Candidate> out = new ArrayList<>(count);
    int k = 0;
    for (int i : picked) {
      float s = 1f - k++ / (float) count;
      out.add(new RankRequest.Candidate("i" + i, s, List.of("knn-embed:cluster-" + (i % 3), "pi2i:trigger-1"),
          Map.of("knn-embed", (double) s, "pi2i", 0.3)));
    }
    return out;
  }
}
