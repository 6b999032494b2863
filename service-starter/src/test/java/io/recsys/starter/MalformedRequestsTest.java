package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.recsys.starter.testapp.StartedService;
import io.recsys.testsupport.RawHttp;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat or Spring refuse before (or around) any controller, written byte for byte: each is
 * answered with a problem ({@code application/problem+json}), never Tomcat's HTML page or Boot's own
 * JSON, never a 5xx.
 */
class MalformedRequestsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "X-API-Key: " + StartedService.API_KEY + "\r\n";
  private static StartedService service;

  @BeforeAll
  static void start() {
    service = StartedService.withKeys();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static Stream<Arguments> malformedRequests() {
    String json = "Content-Type: application/json\r\n";
    return Stream.of(
        arguments("an encoded slash", "GET /v1/..%2Fthings/1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        arguments("an encoded NUL", "GET /v1/things/%00 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("an encoded backslash", "GET /v1/things/1%5C HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a brace in the path", "GET /v1/things/{ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        arguments("a broken percent escape", "GET /v1/things/%ZZ HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a raw non-ASCII byte in the path", "GET /v1/things/\u00e9 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a path parameter", "GET /v1/things/1;x=1 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a path parameter on an open path", "GET /actuator/health;jsessionid=1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        // Tomcat would turn each of these into /v1/things/1: a request must act on the path it names.
        arguments("an empty path segment", "GET /v1/things//1 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a dot segment", "GET /v1/things/x/../1 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("an encoded dot segment", "GET /v1/things/x/%2E%2e/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a fragment in the request target", "DELETE /v1/things/1#x HTTP/1.1\r\nHost: x\r\nX-API-Key: " + StartedService.ADMIN_KEY + "\r\n\r\n", 400),
        arguments("a single dot segment", "DELETE /v1/things/./1 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + StartedService.ADMIN_KEY + "\r\n\r\n", 400),
        arguments("headers over 8 KB", "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n", 400),
        arguments("a header line without a colon", "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400),
        arguments("Transfer-Encoding gzip, chunked", "POST /v1/raw HTTP/1.1\r\nHost: x\r\n" + KEY + json
            + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 400),
        arguments("Transfer-Encoding identity", "POST /v1/raw HTTP/1.1\r\nHost: x\r\n" + KEY + json + "Transfer-Encoding: identity\r\n\r\n", 400),
        arguments("an HTTP/2.0 request line", "GET /v1/things/1 HTTP/2.0\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("an HTTP/3.0 request line", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 400),
        arguments("a request line that is none", "GARBAGE\r\n\r\n", 400),
        arguments("HTTP/1.1 without Host", "GET /v1/things/1 HTTP/1.1\r\n" + KEY + "\r\n", 400),
        arguments("two Content-Length headers", "POST /v1/raw HTTP/1.1\r\nHost: x\r\n" + KEY + json
            + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        arguments("an absolute URI naming another host", "GET http://other.example/v1/things/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a chunk size that is not hex", "POST /v1/raw HTTP/1.1\r\nHost: x\r\n" + KEY + json
            + "Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", 400),
        arguments("TRACE", "TRACE /v1/things/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 405),
        arguments("TRACE on an open path", "TRACE /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        arguments("a query string that cannot be decoded", "GET /v1/things/1?limit=%ZZ HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("a query string with a lone %", "GET /v1/things/1?limit=% HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 400),
        arguments("an Accept header that cannot be read, no key", "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nAccept: garbage\r\n\r\n", 401),
        arguments("an Accept header that cannot be read", "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "Accept: garbage\r\n\r\n", 406),
        arguments("an unknown health component", "GET /actuator/health/nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        arguments("an unknown path asking for HTML", "GET /nowhere HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n", 404),
        arguments("a known path asking for XML", "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "Accept: application/xml\r\n\r\n", 406),
        arguments("an unknown method", "BREW /v1/things/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "\r\n", 405),
        arguments("an expectation other than 100-continue", "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "Expect: 200-ok\r\n\r\n", 417));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void isAnsweredWithAProblemNeverHtml(String what, String request, int status) throws IOException {
    RawHttp.Response r;
    try (RawHttp c = RawHttp.connect(service.port())) {
      r = c.exchange(request);
    }
    String shown = RawHttp.printable(request.length() > 300 ? request.substring(0, 300) + "..." : request) + "\n -> " + r;
    assertThat(r.status()).as(shown).isEqualTo(status);
    assertThat(r.mediaType()).as(shown).isEqualTo("application/problem+json");
    assertThat(r.text().toLowerCase()).as(shown).doesNotContain("<html", "<!doctype", "tomcat", "exception");
    JsonNode p = JSON.readTree(r.text());
    assertThat(p.get("status").asInt()).as(shown).isEqualTo(status);
    assertThat(p.get("title").asString()).as(shown).isNotBlank();
  }

  @Test
  void whatTomcatRefusesItselfItSaysItHangsUpOn() throws IOException {
    // Tomcat closes the connection after refusing an expectation, and used to do so without saying:
    // a client would send its next request down a connection about to close.
    try (RawHttp c = RawHttp.connect(service.port())) {
      RawHttp.Response r = c.exchange("GET /v1/things/1 HTTP/1.1\r\nHost: x\r\n" + KEY + "Expect: 200-ok\r\n\r\n");
      assertThat(r.status()).isEqualTo(417);
      assertThat(r.closes()).as(r.toString()).isTrue();
    }
  }
}
