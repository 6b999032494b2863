package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.ServiceTest;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.ingest.stream.IngestMetrics;
import io.recsys.testsupport.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The bound on the event stream as a producer meets it: while the measured backlog leaves no room for
 * another full batch, {@code POST /v1/events} answers 503 {@code backlog-full} with {@code Retry-After}
 * and appends nothing. The backlog monitor measures once at start (trim interval of an hour here), so
 * the test sets the measured value itself instead of filling Redis with a million entries.
 */
@ServiceTest
@TestPropertySource(properties = {"recsys.ingest.max-events=10", "recsys.ingest.backlog-cap=100",
    "recsys.ingest.trim-interval=1h"})
class BacklogCapTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
  }

  @Autowired IngestMetrics metrics;
  @Autowired EventStream stream;
  @Autowired IngestProperties props;
  private final ApiClient service;

  BacklogCapTest(@LocalServerPort int port) {
    this.service = new ApiClient(port);
  }

  private String batch(String id) {
    return "[{\"eventId\":\"" + id + "\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"click\",\"timestamp\":\""
        + Instant.now().minusSeconds(5) + "\"}]";
  }

  @Test
  void aFullStreamAnswers503WithRetryAfterAndAcceptsAgainOnceThereIsRoom() {
    assertThat(props.backlogCap()).isEqualTo(100);
    metrics.backlog(91); // 91 + a full batch of 10 > 100
    long before = stream.length();

    HttpResponse<String> full = service.post("/v1/events", batch("b1"));
    assertThat(full.statusCode()).as(full.body()).isEqualTo(503);
    assertThat(full.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(full.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(full.body()).contains("urn:recsys:problem:backlog-full");
    assertThat(stream.length()).as("nothing appended while full").isEqualTo(before);
    assertThat(service.get("/actuator/prometheus").body())
        .containsPattern("recsys_ingest_batches_rejected_total\\{[^}]*reason=\"backlog_full\"[^}]*\\} 1\\.0");

    metrics.backlog(90); // exactly room for one more full batch
    HttpResponse<String> room = service.post("/v1/events", batch("b1"));
    assertThat(room.statusCode()).as(room.body()).isEqualTo(202);
    assertThat(stream.length()).isEqualTo(before + 1);
  }
}
