package io.recsys.gateway.security;

import io.recsys.gateway.ratelimit.Decision;
import io.recsys.gateway.ratelimit.RateLimit;
import io.recsys.starter.problem.ProblemJson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A call refused by its key's rate limit: answered 429 {@code urn:recsys:problem:rate-limited} with
 * {@code Retry-After} (whole seconds, at least 1) and the {@code X-RateLimit-*} headers.
 *
 * <p>{@link GatewayKeyGuard} does not throw it but writes the answer itself ({@link #writeTo}): the
 * guard also runs in front of Spring Cloud Gateway's functional routes, where exceptions from an
 * interceptor may bypass {@code @ExceptionHandler} advice and reach the starter's error controller,
 * which knows only the starter's exceptions and would answer 500. Code inside controllers may throw it;
 * {@link RateLimitedProblemAdvice} answers it there. Immutable.
 */
public final class RateLimitedException extends RuntimeException {
  public static final String PROBLEM_TYPE = "rate-limited";

  private final transient RateLimit limit;
  private final transient Decision decision;

  public RateLimitedException(RateLimit limit, Decision decision) {
    super(detail(limit, decision), null, false, false); // a client error: no stack trace
    this.limit = limit;
    this.decision = decision;
    if (decision.allowed()) throw new IllegalArgumentException("an allowed call is not rate limited: " + decision);
  }

  public RateLimit limit() {
    return limit;
  }

  public Decision decision() {
    return decision;
  }

  /** The problem (429, type {@code urn:recsys:problem:rate-limited}); {@code instance} the request path when it is a URI. */
  public ProblemDetail problem(String requestUri) {
    ProblemDetail p = ProblemJson.of(HttpStatus.TOO_MANY_REQUESTS, PROBLEM_TYPE, getMessage());
    p.setInstance(ProblemJson.instance(requestUri));
    return p;
  }

  /** The {@code Retry-After} and {@code X-RateLimit-*} headers of this answer. */
  public HttpHeaders headers() {
    HttpHeaders h = new HttpHeaders();
    h.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    h.set(GatewayKeyGuard.LIMIT_HEADER, Integer.toString(limit.burst()));
    h.set(GatewayKeyGuard.REMAINING_HEADER, Long.toString(decision.remaining()));
    return h;
  }

  /** Sets the headers and writes the 429 problem as {@code application/problem+json}. */
  public void writeTo(String requestUri, HttpServletResponse response) throws IOException {
    headers().forEach((name, values) -> response.setHeader(name, values.getFirst()));
    ProblemJson.write(response, problem(requestUri));
  }

  private static String detail(RateLimit limit, Decision decision) {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(decision, "decision");
    return String.format(Locale.ROOT, "rate limit exceeded: this key may make %s calls per second on average, in bursts of "
        + "up to %d; retry in %d s", rate(limit.permitsPerSecond()), limit.burst(), decision.retryAfterSeconds());
  }

  private static String rate(double perSecond) {
    return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : String.format(Locale.ROOT, "%.3f", perSecond);
  }
}
