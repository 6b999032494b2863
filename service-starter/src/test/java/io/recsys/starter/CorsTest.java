package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.starter.testapp.StartedService;
import io.recsys.testsupport.RawHttp;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service that allows one browser origin ({@code recsys.http.cors.allowed-origins}). */
class CorsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ALLOWED = "https://app.example";
  private static StartedService service;

  @BeforeAll
  static void start() {
    service = StartedService.withKeys("--recsys.http.cors.allowed-origins=" + ALLOWED + ",https://admin.example");
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  private static RawHttp.Response send(String request) throws IOException {
    try (RawHttp c = RawHttp.connect(service.port())) {
      return c.exchange(request);
    }
  }

  private static String preflight(String path, String origin, String method) {
    return "OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: " + origin + "\r\nAccess-Control-Request-Method: " + method
        + "\r\nAccess-Control-Request-Headers: content-type, x-api-key\r\n\r\n";
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredWithoutAKey() throws IOException {
    RawHttp.Response r = send(preflight("/v1/things", ALLOWED, "POST"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(r.header("Access-Control-Allow-Methods")).hasValueSatisfying(m -> assertThat(m).contains("POST"));
    assertThat(r.header("Access-Control-Allow-Headers")).hasValueSatisfying(h -> assertThat(h.toLowerCase()).contains("x-api-key", "content-type"));
    assertThat(r.header("Access-Control-Max-Age")).hasValue("1800");
    assertThat(r.header("Access-Control-Allow-Credentials")).as("keys travel in a header, never in cookies").isEmpty();
  }

  @Test
  void aPreflightFromAnotherOriginOrForAnotherMethodIsRefused() throws IOException {
    for (String request : new String[] {preflight("/v1/things", "https://evil.example", "POST"),
        preflight("/v1/things", ALLOWED, "TRACE"), preflight("/v1/things", "null", "GET")}) {
      RawHttp.Response r = send(request);
      assertThat(r.status()).as(RawHttp.printable(request) + " -> " + r).isEqualTo(403);
      assertThat(r.mediaType()).isEqualTo("application/problem+json");
      assertThat(JSON.readTree(r.text()).get("type").asString()).isEqualTo("urn:recsys:problem:cors");
      assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void aCrossOriginCallFromAnAllowedOriginCarriesTheCorsHeadersAndStillNeedsItsKey() throws IOException {
    RawHttp.Response ok = send("GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nOrigin: " + ALLOWED + "\r\nX-API-Key: " + StartedService.API_KEY + "\r\n\r\n");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.header("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(ok.header("Access-Control-Expose-Headers")).hasValueSatisfying(h -> assertThat(h).contains("WWW-Authenticate", "Retry-After"));

    RawHttp.Response noKey = send("GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nOrigin: " + ALLOWED + "\r\n\r\n");
    assertThat(noKey.status()).as(noKey.toString()).isEqualTo(401);
    assertThat(noKey.header("Access-Control-Allow-Origin")).as("a browser may read why it was refused").hasValue(ALLOWED);
  }

  @Test
  void aCrossOriginCallFromAnotherOriginIsRefused() throws IOException {
    RawHttp.Response r = send("GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\nX-API-Key: "
        + StartedService.API_KEY + "\r\n\r\n");
    assertThat(r.status()).as(r.toString()).isEqualTo(403);
    assertThat(r.mediaType()).isEqualTo("application/problem+json");
    JsonNode p = JSON.readTree(r.text());
    assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:cors");
  }

  @Test
  void aSameOriginOrOriginlessCallIsNotACorsCall() throws IOException {
    // Browsers send Origin on same-origin POSTs too; servers and curl send none.
    RawHttp.Response same = send("GET /v1/things/1 HTTP/1.1\r\nHost: 127.0.0.1:" + service.port() + "\r\nOrigin: http://127.0.0.1:"
        + service.port() + "\r\nX-API-Key: " + StartedService.API_KEY + "\r\n\r\n");
    assertThat(same.status()).as(same.toString()).isEqualTo(200);
    RawHttp.Response none = send("GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + StartedService.API_KEY + "\r\n\r\n");
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.header("Access-Control-Allow-Origin")).isEmpty();
  }
}
