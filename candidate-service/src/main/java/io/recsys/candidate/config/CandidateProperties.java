package io.recsys.candidate.config;

import io.recsys.candidate.model.MainIndex;
import io.recsys.candidate.retrieve.RetrievalConfig;
import io.recsys.featurestore.store.FeatureStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The candidate service's settings ({@code recsys.candidates.*}, each overridable by environment,
 * e.g. {@code RECSYS_CANDIDATES_MAX_COUNT=2000}). Immutable; unset values take the named defaults.
 *
 * @param artifacts artefact root (default {@code $RECSYS_ARTIFACTS} or {@code ./artifacts})
 * @param pollInterval how often the service looks for a new bundle version to hot-swap
 * @param defaultCount candidates returned when a request gives no {@code count} (500, or max-count when lower)
 * @param maxCount the largest {@code count} accepted (a larger one is a 400 naming the field)
 * @param maxExcluded the most {@code excludeItemIds} accepted
 * @param historyLimit newest history entries the retrieval models see (interest mixture, fold-in, PI2I triggers)
 * @param seenLimit newest history entries whose items are never returned (the seen filter); at least
 *     {@code historyLimit}, default the feature store's history cap, so that an item the store still
 *     remembers is never recommended again however long ago it was engaged with
 * @param knnEmbedShare quota share of kNN-Embed
 * @param pi2iShare quota share of PI2I
 * @param popularShare quota share of popular items
 * @param knnFloor smallest budget of a represented interest
 * @param mainIndex {@code auto} (default: exact scan up to 1M items, hnswlib above), {@code exact} or {@code hnsw}
 */
@ConfigurationProperties("recsys.candidates")
public record CandidateProperties(Path artifacts, Duration pollInterval, Integer defaultCount, Integer maxCount,
    Integer maxExcluded, Integer historyLimit, Double knnEmbedShare, Double pi2iShare, Double popularShare,
    Integer knnFloor, String mainIndex, Integer seenLimit) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_COUNT = 500;
  public static final int DEFAULT_MAX_COUNT = 2000;
  public static final int DEFAULT_MAX_EXCLUDED = 10_000;
  public static final int DEFAULT_HISTORY_LIMIT = 200;
  public static final int DEFAULT_SEEN_LIMIT = FeatureStoreConfig.DEFAULT_HISTORY_CAP;

  public CandidateProperties {
    if (artifacts == null) {
      String env = System.getenv("RECSYS_ARTIFACTS");
      artifacts = env == null || env.isBlank() ? Path.of("artifacts") : Path.of(env.trim());
    }
    pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("recsys.candidates.poll-interval must be positive: " + pollInterval);
    }
    maxCount = positive("max-count", maxCount, DEFAULT_MAX_COUNT);
    defaultCount = positive("default-count", defaultCount, Math.min(DEFAULT_COUNT, maxCount));
    if (defaultCount > maxCount) {
      throw new IllegalArgumentException("recsys.candidates.default-count " + defaultCount + " exceeds max-count " + maxCount);
    }
    maxExcluded = positive("max-excluded", maxExcluded, DEFAULT_MAX_EXCLUDED);
    historyLimit = positive("history-limit", historyLimit, DEFAULT_HISTORY_LIMIT);
    seenLimit = positive("seen-limit", seenLimit, Math.max(DEFAULT_SEEN_LIMIT, historyLimit));
    if (seenLimit < historyLimit) {
      throw new IllegalArgumentException("recsys.candidates.seen-limit " + seenLimit + " is below history-limit " + historyLimit
          + ": an item the models see as history would not be filtered as seen");
    }
    knnEmbedShare = knnEmbedShare == null ? RetrievalConfig.DEFAULT_KNN_EMBED_SHARE : knnEmbedShare;
    pi2iShare = pi2iShare == null ? RetrievalConfig.DEFAULT_PI2I_SHARE : pi2iShare;
    popularShare = popularShare == null ? RetrievalConfig.DEFAULT_POPULAR_SHARE : popularShare;
    knnFloor = knnFloor == null ? RetrievalConfig.DEFAULT_KNN_FLOOR : knnFloor;
    mainIndex = mainIndex == null || mainIndex.isBlank() ? "auto" : mainIndex.trim();
    MainIndex.parse(mainIndex);
  }

  public MainIndex mainIndexChoice() {
    return MainIndex.parse(mainIndex);
  }

  private static int positive(String name, Integer v, int dflt) {
    if (v == null) return dflt;
    if (v < 1) throw new IllegalArgumentException("recsys.candidates." + name + " must be >= 1: " + v);
    return v;
  }

  /** The pipeline's configuration (validated there, naming the setting). */
  public RetrievalConfig retrieval() {
    RetrievalConfig d = RetrievalConfig.defaults();
    return new RetrievalConfig(knnEmbedShare, pi2iShare, popularShare, knnFloor, d.knnMinWeight(), d.itemsPerComponent());
  }
}
