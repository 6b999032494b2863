package io.recsys.gateway.config;

import java.net.URI;
import java.time.Duration;

/**
 * How the gateway calls one downstream stage ({@code recsys.gateway.<stage>.*}). Immutable; unset values
 * take the named defaults, the budget the stage's own.
 *
 * @param url the service's base URL; blank = the stage is not deployed (it is skipped and reported degraded)
 * @param budget the most time one call may take, retries included (Resilience4j TimeLimiter); never more
 *     than what is left of the request's budget
 * @param failOpen true (default): a failure degrades to the previous stage's order; false: it fails the request (503)
 * @param retries extra attempts after a failed one (connection errors and 5xx only; the stage calls are
 *     pure reads, so idempotent), each only while the budget lasts
 * @param retryBackoff first backoff, doubled per attempt, randomised ±50 % (jitter: retries of many
 *     requests do not arrive together)
 * @param maxConcurrent bulkhead: calls in flight to this service at once; one more is refused at once
 * @param breakerWindow circuit breaker: calls in the sliding window
 * @param breakerMinCalls calls before the breaker may open (Resilience4j's default of 100 would keep it
 *     shut through short outages)
 * @param breakerFailureRate percentage of failed or slow calls that opens it
 * @param breakerOpenFor how long it stays open before letting trial calls through
 */
public record StageSettings(String url, Duration budget, Boolean failOpen, Integer retries, Duration retryBackoff,
    Integer maxConcurrent, Integer breakerWindow, Integer breakerMinCalls, Float breakerFailureRate, Duration breakerOpenFor) {
  public static final int DEFAULT_RETRIES = 1;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(5);
  public static final int DEFAULT_MAX_CONCURRENT = 64;
  public static final int DEFAULT_BREAKER_WINDOW = 50;
  public static final int DEFAULT_BREAKER_MIN_CALLS = 20;
  public static final float DEFAULT_BREAKER_FAILURE_RATE = 50f;
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(5);

  /** Every unset value from the defaults, the budget from {@code defaultBudget}. */
  public StageSettings withDefaults(String stage, Duration defaultBudget) {
    String u = url == null ? "" : url.trim();
    if (!u.isEmpty()) {
      URI parsed;
      try {
        parsed = URI.create(u);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("recsys.gateway." + stage + ".url is not a URL: " + u);
      }
      if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
        throw new IllegalArgumentException("recsys.gateway." + stage + ".url must be an http(s) URL with a host: " + u);
      }
      while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    }
    Duration b = positive(stage, "budget", budget == null ? defaultBudget : budget);
    int r = retries == null ? DEFAULT_RETRIES : retries;
    if (r < 0 || r > 5) throw new IllegalArgumentException("recsys.gateway." + stage + ".retries must be 0..5: " + r);
    Duration backoff = positive(stage, "retry-backoff", retryBackoff == null ? DEFAULT_RETRY_BACKOFF : retryBackoff);
    int conc = atLeastOne(stage, "max-concurrent", maxConcurrent, DEFAULT_MAX_CONCURRENT);
    int window = atLeastOne(stage, "breaker-window", breakerWindow, DEFAULT_BREAKER_WINDOW);
    int min = atLeastOne(stage, "breaker-min-calls", breakerMinCalls, DEFAULT_BREAKER_MIN_CALLS);
    float rate = breakerFailureRate == null ? DEFAULT_BREAKER_FAILURE_RATE : breakerFailureRate;
    if (!(rate > 0 && rate <= 100)) throw new IllegalArgumentException("recsys.gateway." + stage + ".breaker-failure-rate must be in (0, 100]: " + rate);
    Duration open = positive(stage, "breaker-open-for", breakerOpenFor == null ? DEFAULT_BREAKER_OPEN_FOR : breakerOpenFor);
    return new StageSettings(u, b, failOpen == null || failOpen, r, backoff, conc, window, min, rate, open);
  }

  public boolean deployed() {
    return url != null && !url.isBlank();
  }

  private static Duration positive(String stage, String name, Duration d) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("recsys.gateway." + stage + "." + name + " must be positive: " + d);
    return d;
  }

  private static int atLeastOne(String stage, String name, Integer v, int dflt) {
    if (v == null) return dflt;
    if (v < 1) throw new IllegalArgumentException("recsys.gateway." + stage + "." + name + " must be >= 1: " + v);
    return v;
  }
}
