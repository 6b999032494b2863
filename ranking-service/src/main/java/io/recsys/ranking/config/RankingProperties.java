package io.recsys.ranking.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ranking service's settings ({@code recsys.ranking.*}, each overridable by environment, e.g.
 * {@code RECSYS_RANKING_MAX_CANDIDATES=2000}). Immutable; unset values take the named defaults.
 *
 * @param artifacts artefact root (default {@code $RECSYS_ARTIFACTS} or {@code ./artifacts})
 * @param pollInterval how often the service looks for a new ranker version to hot-swap
 * @param maxCandidates the most candidates one request may carry (more is a 400 naming the field)
 * @param intraOpThreads ONNX Runtime intra-op threads per scoring call
 * @param allowSpinning whether ONNX Runtime's threads spin while waiting (lower latency, busy CPU)
 * @param engageWeight weight of P(engage) in the final score {@code P(click) + w·P(engage)}
 * @param cachedVersions how many explicitly requested (non-current) model versions stay loaded
 */
@ConfigurationProperties("recsys.ranking")
public record RankingProperties(Path artifacts, Duration pollInterval, Integer maxCandidates, Integer intraOpThreads,
    Boolean allowSpinning, Double engageWeight, Integer cachedVersions) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CANDIDATES = 2000;
  public static final int DEFAULT_INTRA_OP_THREADS = 1;
  public static final double DEFAULT_ENGAGE_WEIGHT = 0.5;
  public static final int DEFAULT_CACHED_VERSIONS = 4;

  public RankingProperties {
    if (artifacts == null) {
      String env = System.getenv("RECSYS_ARTIFACTS");
      artifacts = env == null || env.isBlank() ? Path.of("artifacts") : Path.of(env.trim());
    }
    pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("recsys.ranking.poll-interval must be positive: " + pollInterval);
    }
    maxCandidates = positive("max-candidates", maxCandidates, DEFAULT_MAX_CANDIDATES);
    intraOpThreads = positive("intra-op-threads", intraOpThreads, DEFAULT_INTRA_OP_THREADS);
    allowSpinning = allowSpinning != null && allowSpinning;
    engageWeight = engageWeight == null ? DEFAULT_ENGAGE_WEIGHT : engageWeight;
    if (!(engageWeight >= 0) || !Double.isFinite(engageWeight)) {
      throw new IllegalArgumentException("recsys.ranking.engage-weight must be a finite number >= 0: " + engageWeight);
    }
    cachedVersions = positive("cached-versions", cachedVersions, DEFAULT_CACHED_VERSIONS);
  }

  private static int positive(String name, Integer v, int dflt) {
    if (v == null) return dflt;
    if (v < 1) throw new IllegalArgumentException("recsys.ranking." + name + " must be >= 1: " + v);
    return v;
  }
}
