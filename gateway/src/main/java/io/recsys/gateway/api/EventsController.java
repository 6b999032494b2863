package io.recsys.gateway.api;

import io.recsys.gateway.cascade.StageClient;
import io.recsys.gateway.config.GatewayProperties;
import io.recsys.gateway.experiment.ExperimentRouting;
import io.recsys.starter.problem.Problems;
import io.recsys.starter.security.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: the batch goes to the feature store's {@code /internal/events} as sent (the
 * store validates it and answers 202, or a problem naming the event and field, which is passed back
 * unchanged); once accepted, its impressions and clicks are counted for the A/B report. Not retried
 * here: the store's answer may have been lost after the append, and the client, which holds the event
 * ids, retries safely (an event sent again counts once). The store unreachable → 503 with
 * {@code Retry-After}, nothing accepted.
 */
@RestController
public class EventsController {
  private static final Logger log = LoggerFactory.getLogger(EventsController.class);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(500)).build();
  private final String eventsUrl;
  private final String internalKey;
  private final ExperimentRouting experiments;

  public EventsController(GatewayProperties p, SecurityProperties keys, ExperimentRouting experiments) {
    this.eventsUrl = p.featureStoreUrl().isBlank() ? null : p.featureStoreUrl() + "/internal/events";
    this.internalKey = keys.internalKey();
    this.experiments = experiments;
  }

  @PostMapping("/v1/events")
  public ResponseEntity<?> post(HttpServletRequest request) throws IOException {
    if (eventsUrl == null) return unavailable("the feature store is not configured");
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readAllBytes(); // bounded by the starter's request-body limit
    }
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(HttpRequest.newBuilder(URI.create(eventsUrl)).timeout(TIMEOUT)
          .header("Content-Type", request.getContentType() == null ? MediaType.APPLICATION_JSON_VALUE : request.getContentType())
          .header(StageClient.KEY_HEADER, internalKey).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted while forwarding the events; retry with the same event ids");
    } catch (IOException e) {
      log.warn("events not forwarded: {}", e.toString());
      return unavailable("the feature store could not be reached; nothing may have been stored: retry with the same event ids");
    }
    if (answer.statusCode() == 202) experiments.countFeedback(body);
    ResponseEntity.BodyBuilder out = ResponseEntity.status(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(t -> out.header(HttpHeaders.CONTENT_TYPE, t));
    answer.headers().firstValue("Retry-After").ifPresent(t -> out.header(HttpHeaders.RETRY_AFTER, t));
    return out.body(answer.body());
  }

  private static ResponseEntity<ProblemDetail> unavailable(String detail) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
        .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "feature-store-unavailable", "Feature store unavailable", detail));
  }
}
