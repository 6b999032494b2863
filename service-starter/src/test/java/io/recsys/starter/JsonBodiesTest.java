package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.starter.testapp.StartedService;
import io.recsys.testsupport.RawHttp;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies on the API paths must be JSON, also for a handler that reads the raw body
 * ({@code /v1/raw} takes a {@code String}, as feature-store's {@code POST /v1/events} reads the
 * stream): the starter checks {@code Content-Type} for every request that carries a body.
 */
class JsonBodiesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static StartedService service;

  @BeforeAll
  static void start() {
    service = StartedService.withKeys();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  private static RawHttp.Response send(String method, String path, String key, String contentType, String body) throws IOException {
    StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\n");
    if (key != null) r.append("X-API-Key: ").append(key).append("\r\n");
    if (contentType != null) r.append("Content-Type: ").append(contentType).append("\r\n");
    r.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
    try (RawHttp c = RawHttp.connect(service.port())) {
      return c.exchange(r.toString());
    }
  }

  @Test
  void aBodyThatIsNotJsonIsRefused415() throws IOException {
    List<String> notJson = java.util.Arrays.asList("text/plain", "application/xml", "text/xml", "application/x-www-form-urlencoded",
        "application/octet-stream", "multipart/form-data; boundary=x", "text/json", "application/jsonp", "json", "garbage/", "",
        "application/json; charset=ISO-8859-1", "application/json; charset=no-such-charset", null);
    for (String contentType : notJson) {
      RawHttp.Response r = send("POST", "/v1/raw", StartedService.API_KEY, contentType, "{\"a\":1}");
      assertThat(r.status()).as(contentType + " -> " + r).isEqualTo(415);
      assertThat(r.mediaType()).as(contentType + " -> " + r).isEqualTo("application/problem+json");
      JsonNode p = JSON.readTree(r.text());
      assertThat(p.get("detail").asString()).as(contentType + " -> " + r).contains("JSON");
      assertThat(r.header("Accept")).as(contentType + " -> " + r).hasValueSatisfying(a -> assertThat(a).contains("application/json"));
    }
    // Whatever the method.
    assertThat(send("DELETE", "/v1/things/1", StartedService.ADMIN_KEY, "text/plain", "x").status()).isEqualTo(415);
  }

  @Test
  void everyJsonMediaTypeIsAccepted() throws IOException {
    for (String contentType : List.of("application/json", "application/json;charset=utf-8", "Application/JSON; charset=\"UTF-8\"",
        "application/vnd.recsys.events+json", "application/problem+json; charset=utf8")) {
      RawHttp.Response r = send("POST", "/v1/raw", StartedService.API_KEY, contentType, "{\"a\":1}");
      assertThat(r.status()).as(contentType + " -> " + r).isEqualTo(200);
    }
  }

  @Test
  void theKeyIsCheckedBeforeTheMediaType() throws IOException {
    assertThat(send("POST", "/v1/raw", null, "text/plain", "x").status()).isEqualTo(401);
  }

  @Test
  void aRequestWithoutABodyNeedsNoContentType() throws IOException {
    // An empty body: the handler's own answer (its body is required), not 415.
    RawHttp.Response r = send("POST", "/v1/raw", StartedService.API_KEY, null, "");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(send("DELETE", "/v1/things/1", StartedService.ADMIN_KEY, null, "").status()).isEqualTo(204);
  }

  @Test
  void aHandlerThatDeclaresItsMediaTypeIsCheckedAgainstThatInstead() throws IOException {
    RawHttp.Response csv = send("POST", "/v1/upload", StartedService.API_KEY, "text/csv", "a,b\nc,d\n");
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    RawHttp.Response json = send("POST", "/v1/upload", StartedService.API_KEY, "application/json", "{}");
    assertThat(json.status()).as(json.toString()).isEqualTo(415);
    assertThat(json.mediaType()).isEqualTo("application/problem+json");
  }
}
