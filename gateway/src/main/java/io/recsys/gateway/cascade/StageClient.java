package io.recsys.gateway.cascade;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.recsys.gateway.config.StageSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls one downstream stage under Resilience4j, outermost first: a TimeLimiter holding the call to its
 * budget (retries included, so a retry never outlives the budget), a Retry for connection failures and
 * 5xx with jittered exponential backoff, a CircuitBreaker, and a Bulkhead bounding calls in flight.
 * Each base URL (the stage's own, or a canary's from an experiment variant) gets its own breaker,
 * bulkhead and retry, named {@code <stage>} for the default URL and {@code <stage>@<host:port>} for
 * others, so a failing canary never opens the breaker of the stable deployment.
 *
 * <p>The Resilience4j objects are used directly, not through Spring Cloud CircuitBreaker: its
 * Resilience4j binding adds an implicit 1 s TimeLimiter, and some 2025.1.x releases ignored
 * {@code configureDefault} timeouts; here the budget in {@link StageSettings} is the only timeout, and
 * {@link #effectiveTimeout()} reads it back from the registered TimeLimiter (tests assert it).
 *
 * <p>Thread-safe. Calls run on the given executor (virtual threads that carry the caller's trace
 * context, so every call has the request's {@code traceparent}).
 */
public final class StageClient {
  public static final String KEY_HEADER = "X-API-Key";
  /** No stage call may outlive this, even one nobody waits for any more (off-path refreshes included). */
  static final Duration READ_BACKSTOP = Duration.ofSeconds(30);

  private final Stage stage;
  private final StageSettings settings;
  private final RestClient http;
  private final String internalKey;
  private final ExecutorService executor;
  private final CircuitBreakerRegistry breakers;
  private final BulkheadRegistry bulkheads;
  private final RetryRegistry retries;
  private final TimeLimiterRegistry limiters;
  private final CircuitBreakerConfig breakerConfig;
  private final BulkheadConfig bulkheadConfig;
  private final RetryConfig retryConfig;
  private final TimeLimiterConfig limiterConfig;

  public StageClient(Stage stage, StageSettings settings, RestClient http, String internalKey, ExecutorService executor,
      Resilience resilience, Clock clock) {
    this.stage = stage;
    this.settings = settings;
    this.http = http;
    this.internalKey = internalKey == null ? "" : internalKey;
    this.executor = executor;
    this.breakers = resilience.breakers();
    this.bulkheads = resilience.bulkheads();
    this.retries = resilience.retries();
    this.limiters = resilience.limiters();
    this.breakerConfig = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.breakerWindow())
        .minimumNumberOfCalls(Math.min(settings.breakerMinCalls(), settings.breakerWindow()))
        .failureRateThreshold(settings.breakerFailureRate())
        .slowCallDurationThreshold(settings.budget())
        .slowCallRateThreshold(100f)
        .waitDurationInOpenState(settings.breakerOpenFor())
        .permittedNumberOfCallsInHalfOpenState(3)
        .ignoreException(e -> e instanceof DownstreamException d && !d.retryable())
        .clock(clock)
        .build();
    this.bulkheadConfig = BulkheadConfig.custom().maxConcurrentCalls(settings.maxConcurrent()).maxWaitDuration(Duration.ZERO).build();
    this.retryConfig = RetryConfig.custom()
        .maxAttempts(settings.retries() + 1)
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.retryBackoff(), 2.0, 0.5))
        .retryOnException(e -> e instanceof DownstreamException d && d.retryable())
        .failAfterMaxAttempts(false)
        .build();
    this.limiterConfig = TimeLimiterConfig.custom().timeoutDuration(settings.budget()).cancelRunningFuture(true).build();
    // Registered now, so that the meters and the effective timeout exist before the first request.
    if (settings.deployed()) resilienceFor(settings.url());
  }

  /**
   * The HTTP client stage calls go through: Apache HttpClient 5, classic (blocking) API, a pool of
   * keep-alive connections with {@code perStage} per service. It retries nothing — its default
   * strategy would silently resend a 503 after a second; Resilience4j's Retry decides here, within
   * the budget — follows no redirects and keeps no cookies. The read timeout is only a backstop:
   * the TimeLimiter abandons (and interrupts) a call at its budget.
   */
  public static CloseableHttpClient pooledHttpClient(int perStage, Duration connectTimeout) {
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(perStage)
            .setMaxConnTotal(perStage * 4)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(READ_BACKSTOP))
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.of(connectTimeout))
            .setResponseTimeout(Timeout.of(READ_BACKSTOP))
            .setRedirectsEnabled(false)
            .build())
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .evictIdleConnections(TimeValue.ofSeconds(30))
        .build();
  }

  public Stage stage() {
    return stage;
  }

  public StageSettings settings() {
    return settings;
  }

  /** The timeout the registered TimeLimiter of the stage's own URL enforces (the configured budget). */
  public Duration effectiveTimeout() {
    return limiters.timeLimiter(stage.wireName(), limiterConfig).getTimeLimiterConfig().getTimeoutDuration();
  }

  /** The circuit breaker of a base URL (null = the stage's own). */
  public CircuitBreaker breaker(String baseUrl) {
    return breakers.circuitBreaker(name(baseUrl == null ? settings.url() : baseUrl), breakerConfig);
  }

  /**
   * POSTs {@code body} to the stage at {@code baseUrl} (null = the configured one) and reads the answer
   * as {@code type}, within {@code min(budget, left)}. Never throws: failures are outcomes.
   */
  public <T> StageResult<T> call(String baseUrl, Object body, Class<T> type, Duration left) {
    return callWithin(baseUrl, body, type, left.compareTo(settings.budget()) < 0 ? left : settings.budget());
  }

  /**
   * A call off the request path (the popular-items refresh, an admin check) with its own timeout,
   * which may exceed the stage's budget: nobody waits on it, and a cold service's first answer is slow.
   */
  public <T> StageResult<T> callOffPath(Object body, Class<T> type, Duration timeout) {
    return callWithin(null, body, type, timeout);
  }

  private <T> StageResult<T> callWithin(String baseUrl, Object body, Class<T> type, Duration timeout) {
    String base = baseUrl == null || baseUrl.isBlank() ? settings.url() : baseUrl;
    if (base == null || base.isBlank()) return StageResult.skipped("not deployed");
    String name = name(base);
    CircuitBreaker breaker = breakers.circuitBreaker(name, breakerConfig);
    Bulkhead bulkhead = bulkheads.bulkhead(name, bulkheadConfig);
    Retry retry = retries.retry(name, retryConfig);
    TimeLimiter limiter = timeout.equals(settings.budget()) ? limiters.timeLimiter(name, limiterConfig)
        : TimeLimiter.of(name, TimeLimiterConfig.from(limiterConfig).timeoutDuration(timeout).build());
    String url = base + stage.path();
    Callable<T> post = () -> post(url, body, type);
    Callable<T> guarded = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, Bulkhead.decorateCallable(bulkhead, post)));
    long start = System.nanoTime();
    try {
      T value = limiter.executeFutureSupplier(() -> executor.submit(guarded));
      return new StageResult<>(value, StageOutcome.OK, System.nanoTime() - start, null);
    } catch (Throwable e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return new StageResult<>(null, classify(cause), System.nanoTime() - start, describe(cause, timeout));
    }
  }

  private <T> T post(String url, Object body, Class<T> type) {
    try {
      T value = http.post().uri(URI.create(url)).contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
          .header(KEY_HEADER, internalKey).body(body).retrieve()
          .onStatus(HttpStatusCode::isError, (request, response) -> {
            int status = response.getStatusCode().value();
            throw new DownstreamException(stage.wireName() + " answered " + status, status, status >= 500, null);
          })
          .body(type);
      if (value == null) throw new DownstreamException(stage.wireName() + " answered an empty body", 200, true, null);
      return value;
    } catch (DownstreamException e) {
      throw e;
    } catch (ResourceAccessException e) {
      throw new DownstreamException(stage.wireName() + " unreachable: " + e.getMessage(), 0, true, e);
    } catch (RestClientException e) {
      // An answer the gateway cannot read is the stage's fault, like a 5xx.
      throw new DownstreamException(stage.wireName() + " answered something unreadable: " + e.getMessage(), 0, true, e);
    }
  }

  private void resilienceFor(String base) {
    String name = name(base);
    breakers.circuitBreaker(name, breakerConfig);
    bulkheads.bulkhead(name, bulkheadConfig);
    retries.retry(name, retryConfig);
    limiters.timeLimiter(name, limiterConfig);
  }

  private String name(String base) {
    if (base.equals(settings.url())) return stage.wireName();
    URI u = URI.create(base);
    return stage.wireName() + "@" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
  }

  private static StageOutcome classify(Throwable e) {
    if (e instanceof TimeoutException) return StageOutcome.TIMEOUT;
    if (e instanceof CallNotPermittedException) return StageOutcome.CIRCUIT_OPEN;
    if (e instanceof BulkheadFullException) return StageOutcome.BULKHEAD_FULL;
    if (e instanceof DownstreamException d) return d.retryable() ? StageOutcome.ERROR : StageOutcome.REJECTED;
    return StageOutcome.ERROR;
  }

  private static String describe(Throwable e, Duration timeout) {
    if (e instanceof TimeoutException) return "no answer within " + timeout.toMillis() + " ms";
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** The four Resilience4j registries every stage client registers its instances in (and metrics read). */
  public record Resilience(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, RetryRegistry retries,
      TimeLimiterRegistry limiters) {
    public static Resilience create() {
      return new Resilience(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
          TimeLimiterRegistry.ofDefaults());
    }
  }
}
