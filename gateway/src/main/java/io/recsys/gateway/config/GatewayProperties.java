package io.recsys.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's settings ({@code recsys.gateway.*}; each overridable by environment, e.g.
 * {@code RECSYS_GATEWAY_RANKING_URL=http://ranking:8082} or {@code RECSYS_GATEWAY_RANKING_BUDGET=40ms}).
 * Immutable; unset values take the named defaults.
 *
 * @param candidates the candidate service (default budget 80 ms)
 * @param ranking the ranking service (default budget 80 ms)
 * @param rerank the re-rank service (default budget 50 ms)
 * @param featureStoreUrl the feature store's base URL: events, histories and erasure are routed there
 * @param requestBudget the whole cascade's budget; a stage gets the smaller of its own and what is left
 * @param minStageBudget a stage with less than this left is skipped (reported degraded): a call that
 *     cannot finish only adds load
 * @param candidateCount candidates asked for per request (what the ranker scores; keep it at the ranker's
 *     {@code --training-candidates})
 * @param defaultCount items returned when a request gives no {@code count}
 * @param maxCount the largest {@code count} accepted (more is a 400 naming the field)
 * @param maxExcluded the most {@code excludeItemIds} accepted
 * @param popularCount popular items kept in memory for the last rung of the ladder
 * @param popularRefresh how often they are refreshed from the candidate service
 * @param experimentsFile the A/B experiments (JSON); absent = no experiments
 * @param experimentsReload how often the file is checked for changes
 */
@ConfigurationProperties("recsys.gateway")
public record GatewayProperties(StageSettings candidates, StageSettings ranking, StageSettings rerank, String featureStoreUrl,
    Duration requestBudget, Duration minStageBudget, Integer candidateCount, Integer defaultCount, Integer maxCount,
    Integer maxExcluded, Integer popularCount, Duration popularRefresh, Path experimentsFile, Duration experimentsReload) {
  public static final Duration DEFAULT_CANDIDATES_BUDGET = Duration.ofMillis(80);
  public static final Duration DEFAULT_RANKING_BUDGET = Duration.ofMillis(80);
  public static final Duration DEFAULT_RERANK_BUDGET = Duration.ofMillis(50);
  public static final Duration DEFAULT_REQUEST_BUDGET = Duration.ofMillis(250);
  public static final Duration DEFAULT_MIN_STAGE_BUDGET = Duration.ofMillis(3);
  /**
   * What the ranker is trained on ({@code ./recsys train --training-candidates}, default 100): asked to
   * order 500, it ranks items it never learned to tell apart (ml-100k served through the stack: the
   * held-out item in the ranker's top 10 for 9 % of users from 100 candidates, 3 % from 500).
   */
  public static final int DEFAULT_CANDIDATE_COUNT = 100;
  public static final int DEFAULT_COUNT = 10;
  public static final int DEFAULT_MAX_COUNT = 100;
  public static final int DEFAULT_MAX_EXCLUDED = 1000;
  public static final int DEFAULT_POPULAR_COUNT = 500;
  public static final Duration DEFAULT_POPULAR_REFRESH = Duration.ofSeconds(30);
  public static final Duration DEFAULT_EXPERIMENTS_RELOAD = Duration.ofSeconds(5);

  public GatewayProperties {
    candidates = (candidates == null ? empty() : candidates).withDefaults("candidates", DEFAULT_CANDIDATES_BUDGET);
    ranking = (ranking == null ? empty() : ranking).withDefaults("ranking", DEFAULT_RANKING_BUDGET);
    rerank = (rerank == null ? empty() : rerank).withDefaults("rerank", DEFAULT_RERANK_BUDGET);
    featureStoreUrl = featureStoreUrl == null ? "" : featureStoreUrl.trim();
    while (featureStoreUrl.endsWith("/")) featureStoreUrl = featureStoreUrl.substring(0, featureStoreUrl.length() - 1);
    requestBudget = positive("request-budget", requestBudget, DEFAULT_REQUEST_BUDGET);
    minStageBudget = positive("min-stage-budget", minStageBudget, DEFAULT_MIN_STAGE_BUDGET);
    candidateCount = atLeastOne("candidate-count", candidateCount, DEFAULT_CANDIDATE_COUNT);
    maxCount = atLeastOne("max-count", maxCount, DEFAULT_MAX_COUNT);
    defaultCount = atLeastOne("default-count", defaultCount, Math.min(DEFAULT_COUNT, maxCount));
    if (defaultCount > maxCount) throw new IllegalArgumentException("recsys.gateway.default-count " + defaultCount + " exceeds max-count " + maxCount);
    if (candidateCount < maxCount) {
      throw new IllegalArgumentException("recsys.gateway.candidate-count " + candidateCount + " is below max-count " + maxCount
          + ": a full slate could not be filled");
    }
    maxExcluded = atLeastOne("max-excluded", maxExcluded, DEFAULT_MAX_EXCLUDED);
    popularCount = atLeastOne("popular-count", popularCount, DEFAULT_POPULAR_COUNT);
    popularRefresh = positive("popular-refresh", popularRefresh, DEFAULT_POPULAR_REFRESH);
    experimentsReload = positive("experiments-reload", experimentsReload, DEFAULT_EXPERIMENTS_RELOAD);
  }

  private static StageSettings empty() {
    return new StageSettings(null, null, null, null, null, null, null, null, null, null);
  }

  private static Duration positive(String name, Duration d, Duration dflt) {
    if (d == null) return dflt;
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("recsys.gateway." + name + " must be positive: " + d);
    return d;
  }

  private static int atLeastOne(String name, Integer v, int dflt) {
    if (v == null) return dflt;
    if (v < 1) throw new IllegalArgumentException("recsys.gateway." + name + " must be >= 1: " + v);
    return v;
  }
}
