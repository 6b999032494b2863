package io.recsys.starter.problem;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.starter.http.RequestTimeoutException;
import io.recsys.starter.http.RequestTooLargeException;
import io.recsys.starter.security.ApiKeyException;
import io.recsys.starter.security.ApiKeyInterceptor;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
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
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Every error as {@code application/problem+json} (RFC 9457, Spring's {@link ProblemDetail}), never a
 * stack trace: Spring MVC's own exceptions (404, 405, 415, bad parameters, unreadable bodies) through
 * {@link ResponseEntityExceptionHandler} (their {@code type} stays {@code about:blank}: nothing beyond
 * the status), and the platform's: 400 {@code urn:recsys:problem:invalid-request} with {@code errors}
 * ([{index, field, message}]), 401/403 {@code api-key} (401 with {@code WWW-Authenticate}), 413
 * {@code request-too-large}, 408 {@code request-timeout}. A request body the client broke off (it went
 * away, stalled, or broke the chunking) is no server error: one DEBUG line, no answer of ours (Tomcat
 * answers 408 or 400 through the error path, if anyone is left to hear it). Anything else unexpected is
 * logged with its stack trace and answered 500 {@code internal-error} with a fixed message.
 *
 * <p>Rejections are counted in {@code recsys.http.rejected{reason=invalid|unauthorized|too_large|timeout|aborted}} and
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
      for (String r : List.of(RejectionListener.INVALID, RejectionListener.UNAUTHORIZED, RejectionListener.TOO_LARGE,
          RejectionListener.TIMEOUT, RejectionListener.ABORTED)) {
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

  /** A query string Tomcat cannot decode ({@code ?limit=%ZZ}): the client's error, not ours. */
  @ExceptionHandler(InvalidParameterException.class)
  public ResponseEntity<ProblemDetail> undecodableQuery(InvalidParameterException e) {
    rejected(RejectionListener.INVALID);
    ProblemDetail p = Problems.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
        "the query string cannot be decoded: a broken %-escape or invalid UTF-8");
    p.setProperty("errors", List.of(InvalidField.of("query", "cannot be decoded")));
    return ResponseEntity.badRequest().body(p);
  }

  @ExceptionHandler(RequestTimeoutException.class)
  public ResponseEntity<ProblemDetail> timeout(RequestTimeoutException e, HttpServletRequest request) {
    rejected(RejectionListener.TIMEOUT);
    log.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
    return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
        .body(Problems.problem(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout", e.getMessage()));
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) throws Exception {
    if (e instanceof ErrorResponse) throw e; // Spring's own, handled by the base class
    if (unreadBody(e, request)) return null;
    log.error("unexpected error", e);
    return ResponseEntity.internalServerError().body(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
        "Internal error", "the request failed unexpectedly; the error was logged"));
  }

  /**
   * Whether {@code e} is the failure to read a request body that is the client's doing: it went away
   * (a reset, a broken pipe, the end of the stream half-way), stalled past the body read timeout, or
   * broke the framing (a bad chunk). Tomcat has already answered (408 or 400, through the error path)
   * or there is nobody left to answer; this is no server error and no stack trace belongs in the log:
   * one line at DEBUG, and it is counted ({@code reason="aborted"}).
   */
  protected boolean unreadBody(Throwable e, HttpServletRequest request) {
    // Tomcat records the read failure here before it throws (a ClientAbortException around it, or itself).
    Object readFailure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    boolean causedByRead = false;
    for (Throwable t = e; t != null && !causedByRead; t = t.getCause()) causedByRead = t == readFailure;
    if (!causedByRead && !DisconnectedClientHelper.isClientDisconnectedException(e)) return false;
    rejected(RejectionListener.ABORTED);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    log.debug("{} {}: the request could not be read, the client went away or stalled: {}", request.getMethod(),
        request.getRequestURI(), root.toString());
    return true;
  }

  /**
   * A body that went over the limit or past its deadline while a message converter read it arrives
   * wrapped: still 413 or 408; one the client broke off is no 400 of ours (see {@link #unreadBody}).
   */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
      if (t instanceof RequestTooLargeException tooLarge) {
        ResponseEntity<ProblemDetail> r = tooLarge(tooLarge);
        return ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders()).body(r.getBody());
      }
      if (t instanceof RequestTimeoutException late && request instanceof ServletWebRequest web) {
        ResponseEntity<ProblemDetail> r = timeout(late, web.getRequest());
        return ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders()).body(r.getBody());
      }
    }
    if (request instanceof ServletWebRequest web && unreadBody(ex, web.getRequest())) return null;
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
