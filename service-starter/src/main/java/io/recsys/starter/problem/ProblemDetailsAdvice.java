package io.recsys.starter.problem;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.starter.http.RequestTooLargeException;
import io.recsys.starter.security.ApiKeyException;
import io.recsys.starter.security.ApiKeyInterceptor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} (RFC 9457, Spring's {@link ProblemDetail}), never a
 * stack trace: Spring MVC's own exceptions (404, 405, 415, bad parameters, unreadable bodies) through
 * {@link ResponseEntityExceptionHandler} (their {@code type} stays {@code about:blank}: nothing beyond
 * the status), and the platform's: 400 {@code urn:recsys:problem:invalid-request} with {@code errors}
 * ([{index, field, message}]), 401/403 {@code api-key} (401 with {@code WWW-Authenticate}), 413
 * {@code request-too-large}. Anything unexpected is logged with its stack trace and answered 500
 * {@code internal-error} with a fixed message.
 *
 * <p>Rejections are counted in {@code recsys.http.rejected{reason=invalid|unauthorized|too_large}} and
 * passed to every {@link RejectionListener} bean.
 *
 * <p>Service-specific exceptions belong in the service's own {@code @RestControllerAdvice}, annotated
 * with an {@code @Order} below {@link #ORDER} (e.g. {@code @Order(0)}): Spring asks advice beans in
 * order and this one answers every exception (its {@code Exception} handler), so it must come last.
 */
@RestControllerAdvice
@Order(ProblemDetailsAdvice.ORDER)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
  /** This advice's order: last. */
  public static final int ORDER = Ordered.LOWEST_PRECEDENCE;
  public static final String REJECTED_METER = "recsys.http.rejected";

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  private final MeterRegistry meters;
  private final List<RejectionListener> listeners;

  /** {@code meters} may be null (no counter then). */
  public ProblemDetailsAdvice(MeterRegistry meters, List<RejectionListener> listeners) {
    this.meters = meters;
    this.listeners = List.copyOf(listeners);
    if (meters != null) {
      // Created up front so that dashboards and alerts see zeros, not absent series.
      for (String r : List.of(RejectionListener.INVALID, RejectionListener.UNAUTHORIZED, RejectionListener.TOO_LARGE)) {
        meters.counter(REJECTED_METER, "reason", r);
      }
    }
  }

  @ExceptionHandler(InvalidRequestException.class)
  public ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    rejected(RejectionListener.INVALID);
    ProblemDetail p = Problems.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    p.setProperty("errors", e.errors());
    return ResponseEntity.badRequest().body(p);
  }

  @ExceptionHandler(ApiKeyException.class)
  public ResponseEntity<ProblemDetail> apiKey(ApiKeyException e) {
    rejected(RejectionListener.UNAUTHORIZED);
    ProblemDetail p = Problems.problem(e.status(), "api-key", e.status().getReasonPhrase(),
        e.getMessage());
    ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status());
    if (e.status() == HttpStatus.UNAUTHORIZED) b.header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + ApiKeyInterceptor.HEADER + "\"");
    return b.body(p);
  }

  @ExceptionHandler(RequestTooLargeException.class)
  public ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException e) {
    rejected(RejectionListener.TOO_LARGE);
    ProblemDetail p = Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large", e.getMessage());
    p.setProperty("errors", List.of(InvalidField.of("body", "larger than " + e.limit() + " bytes")));
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(p);
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> unexpected(Exception e) throws Exception {
    if (e instanceof ErrorResponse) throw e; // Spring's own, handled by the base class
    log.error("unexpected error", e);
    return ResponseEntity.internalServerError().body(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
        "Internal error", "the request failed unexpectedly; the error was logged"));
  }

  /** A body that went over the limit while a message converter read it arrives wrapped: still 413. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
      if (t instanceof RequestTooLargeException tooLarge) {
        ResponseEntity<ProblemDetail> r = tooLarge(tooLarge);
        return ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders()).body(r.getBody());
      }
    }
    return super.handleHttpMessageNotReadable(ex, headers, status, request);
  }

  /** Bean-validation failures ({@code @Valid}) list the fields, as {@link InvalidRequestException} does. */
  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    List<InvalidField> errors = new ArrayList<>();
    ex.getBindingResult().getFieldErrors().forEach(f -> errors.add(InvalidField.of(f.getField(), String.valueOf(f.getDefaultMessage()))));
    ex.getBindingResult().getGlobalErrors().forEach(g -> errors.add(InvalidField.of(g.getObjectName(), String.valueOf(g.getDefaultMessage()))));
    ProblemDetail p = Problems.problem(status, "invalid-request", "Invalid request", "the request has " + errors.size() + " invalid field(s)");
    p.setProperty("errors", errors);
    rejected(RejectionListener.INVALID);
    return handleExceptionInternal(ex, p, headers, status, request);
  }

  /** Counts a rejection and tells the listeners. */
  protected void rejected(String reason) {
    if (meters != null) meters.counter(REJECTED_METER, "reason", reason).increment();
    for (RejectionListener l : listeners) {
      try {
        l.rejected(reason);
      } catch (RuntimeException e) {
        log.warn("rejection listener {} failed", l, e);
      }
    }
  }
}
