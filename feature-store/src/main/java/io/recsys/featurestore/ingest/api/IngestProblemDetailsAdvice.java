package io.recsys.featurestore.ingest.api;

import io.recsys.featurestore.ingest.stream.EventIdConflictException;
import io.recsys.featurestore.ingest.stream.IngestMetrics;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.Problems;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The feature store's own problems, as {@code application/problem+json}: 409 when a batch reuses an
 * event id for another event, 503 (with {@code Retry-After})
 * when Redis is unreachable or the event stream is full, each counted in
 * {@code recsys_ingest_batches_rejected_total}. Everything else (invalid requests, API keys, Spring
 * MVC's errors, the unexpected) is the service starter's {@code ProblemDetailsAdvice}, which comes
 * after this one.
 */
@RestControllerAdvice
@Order(0)
public class IngestProblemDetailsAdvice {
  private static final Logger log = LoggerFactory.getLogger(IngestProblemDetailsAdvice.class);
  private static final String RETRY_AFTER_SECONDS = "1";

  private final IngestMetrics metrics;

  public IngestProblemDetailsAdvice(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @ExceptionHandler(BacklogFullException.class)
  ResponseEntity<ProblemDetail> backlogFull(BacklogFullException e) {
    metrics.rejected("backlog_full", 1);
    return unavailable(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "backlog-full", "Event stream full", e.getMessage()));
  }

  @ExceptionHandler(EventIdConflictException.class)
  ResponseEntity<ProblemDetail> eventIdConflict(EventIdConflictException e) {
    metrics.rejected("conflict", 1);
    List<InvalidField> errors = new ArrayList<>();
    for (int i : e.indices()) {
      errors.add(new InvalidField(i, "eventId", "already used for another event (other user, item, type, timestamp, value"
          + " or propensity) within the de-duplication window: one id is one event"));
    }
    ProblemDetail p = Problems.problem(HttpStatus.CONFLICT, "event-id-conflict", "Event id reused",
        e.indices().size() + " events reuse the id of another event; nothing was accepted");
    p.setProperty("errors", errors);
    return ResponseEntity.status(HttpStatus.CONFLICT).body(p);
  }

  @ExceptionHandler(FeatureStoreException.class)
  ResponseEntity<ProblemDetail> storeUnavailable(FeatureStoreException e) {
    metrics.rejected("unavailable", 1);
    log.warn("Redis unavailable: {}", e.getMessage());
    // Say what is known: a timeout or a lost reply leaves the outcome open, and a client that reads
    // "nothing was stored" might send the events with new ids (counting them twice).
    String detail = e.nothingDone()
        ? "Redis could not be reached; nothing was stored. Retry with the same event ids."
        : "Redis did not confirm the request in time; it may or may not have been stored. Retry with the same"
            + " event ids: an event sent again counts once.";
    return unavailable(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Feature store unavailable", detail));
  }

  private static ResponseEntity<ProblemDetail> unavailable(ProblemDetail p) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(p);
  }
}
