package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.ServiceTest;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.starter.security.ApiKeyInterceptor;
import io.recsys.testsupport.RawHttp;
import io.recsys.testsupport.RedisExtension;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's HTTP contract: which media types {@code POST /v1/events} takes (it reads the raw body,
 * so only the starter's rule guards it), and that the OpenAPI document lists, for each operation, the
 * statuses it answers.
 */
@ServiceTest
@TestPropertySource(properties = {"recsys.ingest.workers=1", "recsys.security.internal-key=" + HttpContractTest.INTERNAL_KEY,
    "recsys.redis.command-timeout=300ms"})
class HttpContractTest {
  static final String INTERNAL_KEY = "test-internal-key";
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
  }

  @Autowired EventStream stream;
  private final ApiClient service;
  private final int port;

  HttpContractTest(@LocalServerPort int port) {
    this.service = new ApiClient(port);
    this.port = port;
  }

  private static final Instant TS = Instant.now().minusSeconds(10);

  private static String batch(String eventId) {
    return batch(eventId, "i");
  }

  private static String batch(String eventId, String item) {
    return "[{\"eventId\":\"" + eventId + "\",\"userId\":\"u\",\"itemId\":\"" + item + "\",\"type\":\"click\",\"timestamp\":\"" + TS + "\"}]";
  }

  private int send(String method, String path, String key, String contentType, String body) {
    HttpRequest.Builder r = HttpRequest.newBuilder(service.uri(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) r.header(ApiKeyInterceptor.HEADER, key);
    if (contentType != null) r.header("Content-Type", contentType);
    return service.send(r).statusCode();
  }

  /** Two X-API-Key headers, written byte for byte (java.net.http may fold them). */
  private int sendTwoKeys(String method, String path) throws IOException {
    try (RawHttp c = RawHttp.connect(port)) {
      return c.exchange(method + " " + path + " HTTP/1.1\r\nHost: x\r\nX-API-Key: " + ApiClient.ADMIN_KEY + "\r\nX-API-Key: "
          + ApiClient.API_KEY + "\r\nContent-Length: 0\r\n\r\n").status();
    }
  }

  @Test
  void theStatusesTheDocumentListsForEachOperationAreTheOnesItAnswers() throws IOException {
    // The document said 200 for POST /v1/events (202) and DELETE /v1/users/{id} (204), and nothing of
    // 400/401/403/409/415/503. Each operation is called here in every way that makes it answer
    // differently; what it answered must be exactly what the document lists.
    Map<String, Set<Integer>> observed = new TreeMap<>();
    BiConsumer<String, Integer> saw = (op, status) -> observed.computeIfAbsent(op, k -> new TreeSet<>()).add(status);
    String post = "post /v1/events";
    String get = "get /v1/users/{userId}/history";
    String delete = "delete /v1/users/{userId}";
    String json = "application/json";
    saw.accept(post, send("POST", "/v1/events", ApiClient.API_KEY, json, batch("doc-1")));
    saw.accept(post, send("POST", "/v1/events", ApiClient.API_KEY, json, "[{"));
    saw.accept(post, send("POST", "/v1/events", null, json, batch("doc-2")));
    saw.accept(post, send("POST", "/v1/events", INTERNAL_KEY, json, batch("doc-3")));
    saw.accept(post, send("POST", "/v1/events", ApiClient.API_KEY, json, batch("doc-1", "another-item")));
    saw.accept(post, send("POST", "/v1/events", ApiClient.API_KEY, "text/plain", batch("doc-4")));
    saw.accept(get, send("GET", "/v1/users/u/history", ApiClient.API_KEY, null, null));
    saw.accept(get, send("GET", "/v1/users/u/history?limit=0", ApiClient.API_KEY, null, null));
    saw.accept(get, send("GET", "/v1/users/u/history", null, null, null));
    saw.accept(get, send("GET", "/v1/users/u/history", INTERNAL_KEY, null, null));
    saw.accept(delete, send("DELETE", "/v1/users/gone", ApiClient.ADMIN_KEY, null, null));
    saw.accept(delete, sendTwoKeys("DELETE", "/v1/users/gone"));
    saw.accept(delete, send("DELETE", "/v1/users/gone", null, null, null));
    saw.accept(delete, send("DELETE", "/v1/users/gone", ApiClient.API_KEY, null, null));
    redis.stop();
    try {
      saw.accept(post, send("POST", "/v1/events", ApiClient.API_KEY, json, batch("doc-5")));
      saw.accept(get, send("GET", "/v1/users/u/history", ApiClient.API_KEY, null, null));
      saw.accept(delete, send("DELETE", "/v1/users/gone", ApiClient.ADMIN_KEY, null, null));
    } finally {
      redis.start();
    }

    JsonNode doc = JSON.readTree(service.get("/v3/api-docs").body());
    for (String op : List.of(post, get, delete)) {
      String[] methodAndPath = op.split(" ", 2);
      JsonNode operation = doc.get("paths").get(methodAndPath[1]).get(methodAndPath[0]);
      Set<Integer> documented = new TreeSet<>();
      for (String status : operation.get("responses").propertyNames()) {
        if (!status.equals("default")) documented.add(Integer.parseInt(status));
      }
      assertThat(documented).as(op + " documents what it answers").isEqualTo(observed.get(op));
      for (int status : documented) {
        JsonNode content = operation.get("responses").get(Integer.toString(status)).get("content");
        if (status >= 400) assertThat(content.has("application/problem+json")).as(op + " " + status).isTrue();
      }
    }
    JsonNode events = doc.get("paths").get("/v1/events").get("post");
    JsonNode body = events.get("requestBody");
    assertThat(body.get("required").asBoolean()).isTrue();
    JsonNode array = body.get("content").get("application/json").get("schema");
    assertThat(array.get("type").asString()).isEqualTo("array");
    assertThat(array.get("items").get("$ref").asString()).isEqualTo("#/components/schemas/Event");
    JsonNode event = doc.get("components").get("schemas").get("Event");
    assertThat(event.get("required").toString()).contains("eventId", "userId", "itemId", "type", "timestamp");
    assertThat(event.get("properties").get("type").get("enum").toString()).contains("click", "favourite", "add-to-cart", "purchase");
    JsonNode propensity = event.get("properties").get("propensity");
    assertThat(propensity.get("type").asString()).as(propensity.toString()).isEqualTo("number");
    assertThat(propensity.get("maximum").asDouble()).as(propensity.toString()).isEqualTo(1);
    assertThat(propensity.toString()).contains("exclusiveMinimum");
    assertThat(events.get("security").toString()).contains("apiKey", "adminKey");
    assertThat(doc.get("paths").get("/v1/users/{userId}").get("delete").get("security").toString()).contains("adminKey").doesNotContain("apiKey");
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

  @Test
  void theGatewayPathsUnderInternalTakeOnlyTheInternalKey() {
    // The gateway checks the caller's own key, then calls these with the internal key; a public key
    // must not open them (nor the internal key the public ones, asserted above).
    String json = "application/json";
    assertThat(send("POST", "/internal/events", INTERNAL_KEY, json, batch("gw-1"))).isEqualTo(202);
    assertThat(send("POST", "/internal/events", ApiClient.API_KEY, json, batch("gw-2"))).isEqualTo(403);
    assertThat(send("GET", "/internal/users/u/history", INTERNAL_KEY, null, null)).isEqualTo(200);
    assertThat(send("GET", "/internal/users/u/history", ApiClient.ADMIN_KEY, null, null)).isEqualTo(403);
    assertThat(send("DELETE", "/internal/users/gone", INTERNAL_KEY, null, null)).isEqualTo(204);
    assertThat(send("DELETE", "/internal/users/gone", ApiClient.ADMIN_KEY, null, null)).isEqualTo(403);
    assertThat(send("GET", "/internal/users/%20/history", INTERNAL_KEY, null, null)).isEqualTo(400);
  }
}
