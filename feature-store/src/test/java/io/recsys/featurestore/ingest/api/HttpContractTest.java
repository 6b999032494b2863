package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.ServiceTest;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.testsupport.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The service's HTTP contract as the platform's starter makes it: which media types {@code POST
 * /v1/events} takes (it reads the raw body, so only the starter's rule guards it).
 */
@ServiceTest
@TestPropertySource(properties = {"recsys.ingest.workers=1", "recsys.security.internal-key=" + HttpContractTest.INTERNAL_KEY})
class HttpContractTest {
  static final String INTERNAL_KEY = "test-internal-key";
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
  }

  @Autowired EventStream stream;
  private final ApiClient service;

  HttpContractTest(@LocalServerPort int port) {
    this.service = new ApiClient(port);
  }

  private static String batch(String eventId) {
    return "[{\"eventId\":\"" + eventId + "\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"click\",\"timestamp\":\""
        + Instant.now().minusSeconds(10) + "\"}]";
  }

  private HttpResponse<String> postAs(String contentType, String body) {
    HttpRequest.Builder r = service.request("/v1/events").POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) r.header("Content-Type", contentType);
    return service.send(r);
  }

  @Test
  void eventsSentAsAnythingButJsonAreRefused415AndNothingIsAppended() {
    // These were all accepted (202): the controller reads the raw body whatever it is labelled.
    for (String contentType : Arrays.asList("text/plain", "application/xml", "application/x-www-form-urlencoded",
        "application/octet-stream", null)) {
      long before = stream.length();
      HttpResponse<String> r = postAs(contentType, batch("ct-" + contentType));
      assertThat(r.statusCode()).as(contentType + ": " + r.body()).isEqualTo(415);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
      assertThat(stream.length()).as(contentType).isEqualTo(before);
    }
    for (String contentType : List.of("application/json", "application/json; charset=UTF-8", "application/vnd.recsys+json")) {
      HttpResponse<String> r = postAs(contentType, batch("ok-" + contentType));
      assertThat(r.statusCode()).as(contentType + ": " + r.body()).isEqualTo(202);
    }
    HttpRequest.Builder noKey = HttpRequest.newBuilder(service.uri("/v1/events"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain");
    assertThat(service.send(noKey).statusCode()).as("the key comes first").isEqualTo(401);
  }
}
