package io.recsys.featurestore.ingest.api;

import io.recsys.featurestore.ingest.stream.IngestMetrics;
import io.recsys.featurestore.store.FeatureStoreException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} (RFC 9457, Spring's {@link ProblemDetail}): Spring
 * MVC's own exceptions (404, 405, 415, bad parameters) through {@link ResponseEntityExceptionHandler},
 * and the service's: 400 with {@code errors} ([{index, field, message}]), 401/403 for keys, 503 when
 * Redis is unreachable or the stream is full (with {@code Retry-After}). Anything unexpected is logged
 * with its stack trace and answered 500 with a fixed message: never a stack trace in a response.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
  private static final String RETRY_AFTER_SECONDS = "1";

  private final IngestMetrics metrics;

  public ProblemDetailsAdvice(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    metrics.rejected("invalid", 1);
    ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    p.setProperty("errors", e.errors());
    return ResponseEntity.badRequest().body(p);
  }

  @ExceptionHandler(ApiKeyException.class)
  ResponseEntity<ProblemDetail> apiKey(ApiKeyException e) {
    metrics.rejected("unauthorized", 1);
    ProblemDetail p = problem(e.status(), "api-key", e.status() == HttpStatus.UNAUTHORIZED ? "Unauthorized" : "Forbidden",
        e.getMessage());
    ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status());
    if (e.status() == HttpStatus.UNAUTHORIZED) b.header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + ApiKeyInterceptor.HEADER + "\"");
    return b.body(p);
  }

  @ExceptionHandler(BacklogFullException.class)
  ResponseEntity<ProblemDetail> backlogFull(BacklogFullException e) {
    metrics.rejected("backlog_full", 1);
    return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "backlog-full", "Event stream full", e.getMessage()));
  }

  @ExceptionHandler(FeatureStoreException.class)
  ResponseEntity<ProblemDetail> storeUnavailable(FeatureStoreException e) {
    metrics.rejected("unavailable", 1);
    log.warn("Redis unavailable: {}", e.getMessage());
    return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Feature store unavailable",
        "Redis did not accept the request; nothing was stored. Retry with the same event ids."));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) throws Exception {
    if (e instanceof org.springframework.web.ErrorResponse) throw e; // Spring's own, handled by the base class
    log.error("unexpected error", e);
    return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
        "Internal error", "the request failed unexpectedly; the error was logged"));
  }

  private static ResponseEntity<ProblemDetail> unavailable(ProblemDetail p) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(p);
  }

  private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create("urn:recsys:problem:" + type));
    p.setTitle(title);
    return p;
  }
}
