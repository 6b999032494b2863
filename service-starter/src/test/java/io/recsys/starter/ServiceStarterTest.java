package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.recsys.starter.security.ApiKeyInterceptor;
import io.recsys.starter.testapp.ConsoleCapture;
import io.recsys.starter.testapp.StartedService;
import io.recsys.starter.testapp.TestService;
import io.recsys.testsupport.RawHttp;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.IntrospectionUtils;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service with nothing but the starter (and all three keys set), over real HTTP. */
class ServiceStarterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN = "00f067aa0ba902b7";

  private static ConsoleCapture console;
  private static HttpServer downstream;
  private static final List<String> downstreamTraceparents = new CopyOnWriteArrayList<>();
  private static StartedService service;

  @BeforeAll
  static void start() throws IOException {
    console = new ConsoleCapture();
    downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    downstream.createContext("/echo", exchange -> {
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      downstreamTraceparents.add(String.valueOf(traceparent));
      byte[] body = String.valueOf(traceparent).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    downstream.start();
    service = StartedService.withKeys("--recsys.http.max-body-size=1KB", "--recsys.security.public-paths=/v1/**,/ops/**",
        "--test.downstream=http://127.0.0.1:" + downstream.getAddress().getPort(), "--logging.level.io.recsys.starter.testapp=INFO");
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
    if (downstream != null) downstream.stop(0);
    if (console != null) console.close();
  }

  /** A problem+json answer of this status: no stack trace, no exception names, not the host's name. */
  private static JsonNode assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(r.body()).doesNotContain("\tat ", "Exception", "trace\"");
    try {
      String host = InetAddress.getLocalHost().getHostName();
      if (!host.equals("localhost")) assertThat(r.body()).doesNotContain(host);
    } catch (IOException ignored) {
      // no host name to leak
    }
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(status);
    return p;
  }

  private static JsonNode assertKeyProblem(HttpResponse<String> r, int status, String detail) {
    JsonNode p = assertProblem(r, status);
    assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:api-key");
    assertThat(p.get("detail").asString()).isEqualTo(detail);
    if (status == 401) assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey header=\"X-API-Key\"");
    else assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    return p;
  }

  private HttpResponse<String> post(String path, String contentType, String key, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder r = service.request(path).POST(body).header("Content-Type", contentType);
    if (key != null) r.header(ApiKeyInterceptor.HEADER, key);
    return service.send(r);
  }

  // --- keys ---------------------------------------------------------------------------------------

  @Test
  void publicPathsNeedTheApiOrAdminKey() {
    assertKeyProblem(service.get("/v1/things/1", null), 401, "missing X-API-Key header");
    assertKeyProblem(service.get("/v1/things/1", "guess"), 401, "wrong API key");
    assertThat(service.get("/v1/things/1", StartedService.API_KEY).statusCode()).isEqualTo(200);
    assertThat(service.get("/v1/things/1", StartedService.ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(post("/v1/things", "application/json", StartedService.API_KEY, HttpRequest.BodyPublishers.ofString("{\"a\":1}")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theInternalKeyIsRefusedOnPublicPaths() {
    assertKeyProblem(service.get("/v1/things/1", StartedService.INTERNAL_KEY), 403,
        "the internal key is not accepted here: this call needs the API key");
    assertKeyProblem(service.delete("/v1/things/1", StartedService.INTERNAL_KEY), 403, "this call needs the admin key");
  }

  @Test
  void deleteNeedsTheAdminKey() {
    assertKeyProblem(service.delete("/v1/things/1", null), 401, "missing X-API-Key header (the admin key)");
    assertKeyProblem(service.delete("/v1/things/1", StartedService.API_KEY), 403, "this call needs the admin key");
    assertKeyProblem(service.delete("/v1/things/1", "guess"), 403, "this call needs the admin key");
    assertThat(service.delete("/v1/things/1", StartedService.ADMIN_KEY).statusCode()).isEqualTo(204);
  }

  @Test
  void internalPathsAcceptOnlyTheInternalKey() {
    assertKeyProblem(service.get("/internal/ping", null), 401, "missing X-API-Key header (the internal key)");
    assertKeyProblem(service.get("/internal/ping", "guess"), 401, "wrong internal key");
    assertKeyProblem(service.get("/internal/ping", StartedService.API_KEY), 403, "this call needs the internal key");
    assertKeyProblem(service.get("/internal/ping", StartedService.ADMIN_KEY), 403, "this call needs the internal key");
    HttpResponse<String> ok = service.get("/internal/ping", StartedService.INTERNAL_KEY);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("pong");
  }

  @Test
  void twoApiKeyHeadersAreRefusedAsAmbiguousWhicheverComesFirst() throws IOException {
    // Which of two keys counts would otherwise be up to the server (it was the first): a request that
    // carries a wrong key next to a right one must not pass, in any order, on any kind of path.
    List<String> requests = List.of(
        "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + StartedService.API_KEY + "\r\nX-API-Key: guess\r\n\r\n",
        "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: guess\r\nX-API-Key: " + StartedService.API_KEY + "\r\n\r\n",
        "GET /v1/things/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + StartedService.API_KEY + "\r\nx-api-key: " + StartedService.API_KEY + "\r\n\r\n",
        "DELETE /v1/things/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + StartedService.ADMIN_KEY + "\r\nX-API-Key: " + StartedService.API_KEY + "\r\n\r\n",
        "GET /internal/ping HTTP/1.1\r\nHost: x\r\nX-API-Key: " + StartedService.INTERNAL_KEY + "\r\nX-API-Key: guess\r\n\r\n");
    for (String request : requests) {
      try (RawHttp c = RawHttp.connect(service.port())) {
        RawHttp.Response r = c.exchange(request);
        assertThat(r.status()).as(RawHttp.printable(request) + " -> " + r).isEqualTo(400);
        assertThat(r.mediaType()).isEqualTo("application/problem+json");
        JsonNode p = JSON.readTree(r.text());
        assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:api-key");
        assertThat(p.get("detail").asString()).contains("X-API-Key", "2");
      }
    }
  }

  @Test
  void aCorsPreflightIsRefusedWithAProblemWhenNoOriginIsAllowed() throws IOException {
    // Preflights carry no key (browsers never send one): they used to reach the key check outside a
    // controller and come back 500. With no allowed origin configured (the default) each is refused.
    for (String path : List.of("/v1/things", "/v1/things/1", "/internal/ping", "/actuator/health", "/nowhere")) {
      try (RawHttp c = RawHttp.connect(service.port())) {
        RawHttp.Response r = c.exchange("OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
            + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type, x-api-key\r\n\r\n");
        assertThat(r.status()).as(path + " -> " + r).isEqualTo(403);
        assertThat(r.mediaType()).as(path + " -> " + r).isEqualTo("application/problem+json");
        JsonNode p = JSON.readTree(r.text());
        assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:cors");
        assertThat(p.get("detail").asString()).contains("https://app.example");
        assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
      }
    }
  }

  @Test
  void theErrorPathAnswersNotFoundProblemsForEveryMethod() throws IOException {
    // /error is where the servlet container forwards errors, not an endpoint: called directly it used
    // to answer 500 "status 999".
    for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")) {
      try (RawHttp c = RawHttp.connect(service.port())) {
        RawHttp.Response r = c.exchange(method + " /error HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(r.status()).as(method + " -> " + r).isEqualTo(404);
        assertThat(r.mediaType()).as(method + " -> " + r).isEqualTo("application/problem+json");
        if (!method.equals("HEAD")) assertThat(JSON.readTree(r.text()).get("status").asInt()).isEqualTo(404);
      }
    }
  }

  @Test
  void publicPathPatternsAreConfigurable() {
    assertKeyProblem(service.get("/ops/ping", null), 401, "missing X-API-Key header");
    assertThat(service.get("/ops/ping", StartedService.API_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void actuatorAndOpenApiNeedNoKey() {
    HttpResponse<String> live = service.get("/actuator/health/liveness", null);
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
    assertThat(live.body()).contains("\"UP\"");
    HttpResponse<String> ready = service.get("/actuator/health/readiness", null);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

    HttpResponse<String> docs = service.get("/v3/api-docs", null);
    assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
    JsonNode doc = JSON.readTree(docs.body());
    assertThat(doc.get("openapi").asString()).startsWith("3.");
    assertThat(doc.get("paths").has("/v1/things/{id}")).isTrue();
    assertThat(doc.get("paths").has("/internal/ping")).isTrue();

    // Not exposed: only health and prometheus are.
    assertThat(service.get("/actuator/env", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theOpenApiDocumentNamesTheKeyEachOperationNeedsAndTheStartersAnswers() {
    // The document had no security scheme at all: nothing said that X-API-Key is needed, nor which one.
    JsonNode doc = JSON.readTree(service.get("/v3/api-docs", null).body());
    JsonNode schemes = doc.get("components").get("securitySchemes");
    for (String scheme : List.of("apiKey", "adminKey", "internalKey")) {
      assertThat(schemes.get(scheme).get("type").asString()).as(scheme).isEqualTo("apiKey");
      assertThat(schemes.get(scheme).get("in").asString()).as(scheme).isEqualTo("header");
      assertThat(schemes.get(scheme).get("name").asString()).as(scheme).isEqualTo("X-API-Key");
    }
    JsonNode paths = doc.get("paths");
    assertThat(security(paths.get("/v1/things/{id}").get("get"))).containsExactly("apiKey", "adminKey");
    assertThat(security(paths.get("/v1/things/{id}").get("delete"))).containsExactly("adminKey");
    assertThat(security(paths.get("/internal/ping").get("get"))).containsExactly("internalKey");
    assertThat(security(paths.get("/ops/ping").get("get"))).as("a configured public pattern").containsExactly("apiKey", "adminKey");
    JsonNode post = paths.get("/v1/things").get("post");
    assertThat(post.get("responses").propertyNames()).contains("400", "401", "403", "415", "default");
    assertThat(post.get("responses").get("401").get("content").has("application/problem+json")).isTrue();
    assertThat(paths.get("/v1/things/{id}").get("get").get("responses").has("415")).as("no body, no 415").isFalse();
  }

  private static List<String> security(JsonNode operation) {
    List<String> names = new java.util.ArrayList<>();
    operation.get("security").forEach(requirement -> names.addAll(requirement.propertyNames()));
    return names;
  }

  @Test
  void prometheusCountsRejectionsAndRequests() {
    service.get("/v1/things/1", null); // one 401 at least
    service.get("/v1/things/1", StartedService.API_KEY);
    HttpResponse<String> r = service.get("/actuator/prometheus", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("http_server_requests_seconds_count", "jvm_memory_used_bytes",
        "recsys_http_rejected_total{reason=\"too_large\"}", "recsys_http_rejected_total{reason=\"invalid\"}");
    double unauthorized = r.body().lines().filter(l -> l.startsWith("recsys_http_rejected_total{reason=\"unauthorized\"}"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    assertThat(unauthorized).isGreaterThanOrEqualTo(1);
    assertThat(TestService.REJECTIONS).contains("unauthorized");
  }

  // --- problems -----------------------------------------------------------------------------------

  @Test
  void invalidRequestsListTheirFields() {
    JsonNode p = assertProblem(service.get("/v1/invalid", StartedService.API_KEY), 400);
    assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:invalid-request");
    assertThat(p.get("title").asString()).isEqualTo("Invalid request");
    assertThat(p.get("detail").asString()).isEqualTo("1 of 2 parameters is invalid");
    JsonNode errors = p.get("errors");
    assertThat(errors.size()).isEqualTo(2);
    assertThat(errors.get(0).has("index")).as("no index for the request as a whole").isFalse();
    assertThat(errors.get(0).get("field").asString()).isEqualTo("q");
    assertThat(errors.get(0).get("message").asString()).isEqualTo("must be set");
    assertThat(errors.get(1).get("index").asInt()).isEqualTo(1);
    assertThat(errors.get(1).get("field").asString()).isEqualTo("type");
    assertThat(TestService.REJECTIONS).contains("invalid");
  }

  @Test
  void beanValidationErrorsListTheirFields() {
    JsonNode p = assertProblem(post("/v1/orders", "application/json", StartedService.API_KEY,
        HttpRequest.BodyPublishers.ofString("{\"item\":\" \",\"quantity\":0}")), 400);
    assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:invalid-request");
    List<String> fields = new java.util.ArrayList<>();
    p.get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).containsExactlyInAnyOrder("item", "quantity");
    assertThat(post("/v1/orders", "application/json", StartedService.API_KEY,
        HttpRequest.BodyPublishers.ofString("{\"item\":\"pen\",\"quantity\":2}")).statusCode()).isEqualTo(200);
  }

  @Test
  void springMvcErrorsAreProblemDetails() {
    assertProblem(service.get("/v1/nothing", StartedService.API_KEY), 404);
    assertProblem(service.get("/nothing", null), 404);
    assertProblem(post("/v1/things/1", "application/json", StartedService.API_KEY, HttpRequest.BodyPublishers.ofString("{}")), 405);
    assertProblem(post("/v1/things", "text/plain", StartedService.API_KEY, HttpRequest.BodyPublishers.ofString("{}")), 415);
    JsonNode badParam = assertProblem(service.get("/v1/things/1?limit=abc", StartedService.API_KEY), 400);
    assertThat(badParam.get("detail").asString()).contains("limit");
    assertProblem(post("/v1/things", "application/json", StartedService.API_KEY, HttpRequest.BodyPublishers.ofString("{\"a\":")), 400);
  }

  @Test
  void unexpectedErrorsAre500WithoutDetailsOfTheCause() {
    int logStart = console.text().length();
    JsonNode p = assertProblem(service.get("/v1/boom", StartedService.API_KEY), 500);
    assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:internal-error");
    assertThat(p.toString()).doesNotContain("db-7", "5432", "IllegalState");
    // ... while the log has all of it, for whoever looks into the 500.
    assertThat(console.text().substring(logStart)).contains("unexpected error", "IllegalStateException: connection to db-7", "\tat ");
  }

  @Test
  void aServiceAddsItsOwnProblemTypesInItsOwnAdvice() {
    JsonNode p = assertProblem(service.get("/v1/teapot", StartedService.API_KEY), 418);
    assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:teapot");
    assertThat(p.get("detail").asString()).isEqualTo("short and stout");
  }

  // --- request size -------------------------------------------------------------------------------

  @Test
  void bodiesOverTheLimitAre413() {
    String big = "x".repeat(2000);
    JsonNode declared = assertProblem(post("/v1/raw", "application/json", StartedService.API_KEY, HttpRequest.BodyPublishers.ofString(big)), 413);
    assertThat(declared.get("type").asString()).isEqualTo("urn:recsys:problem:request-too-large");
    assertThat(declared.get("detail").asString()).contains("2000 bytes", "at most 1024 bytes");
    assertThat(declared.get("errors").get(0).get("field").asString()).isEqualTo("body");

    // Without Content-Length (chunked): refused once more than the limit has been read.
    HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)));
    JsonNode streamed = assertProblem(post("/v1/raw", "application/json", StartedService.API_KEY, chunked), 413);
    assertThat(streamed.get("detail").asString()).contains("more than 1024 bytes");

    // Through the JSON converter as well.
    String bigJson = "{\"a\":\"" + big + "\"}";
    assertProblem(post("/v1/things", "application/json", StartedService.API_KEY,
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bigJson.getBytes(StandardCharsets.UTF_8)))), 413);
    assertThat(TestService.REJECTIONS).contains("too_large");

    // Under the limit: fine. Without a key: the key is checked first.
    HttpResponse<String> ok = post("/v1/raw", "application/json", StartedService.API_KEY, HttpRequest.BodyPublishers.ofString("x".repeat(1024)));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("1024");
    assertProblem(post("/v1/raw", "application/json", null, HttpRequest.BodyPublishers.ofString(big)), 401);
  }

  @Test
  void everyWaitForAClientIsBoundedByDefault() {
    // Tomcat's own defaults wait 60 s for a silent connection and between requests, and bound neither
    // a trickled request head nor a trickled body: 20 slow clients held the service for minutes.
    AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) ((TomcatWebServer) ((WebServerApplicationContext) service.context())
        .getWebServer()).getTomcat().getConnector().getProtocolHandler();
    assertThat(protocol.getConnectionTimeout()).as("connection timeout").isEqualTo(5_000);
    assertThat(protocol.getKeepAliveTimeout()).as("keep-alive timeout").isEqualTo(15_000);
    assertThat(protocol.getDisableUploadTimeout()).as("body reads have a timeout of their own").isFalse();
    assertThat(protocol.getConnectionUploadTimeout()).as("body read timeout").isEqualTo(5_000);
    assertThat(IntrospectionUtils.getProperty(protocol, "headerTimeout")).as("header timeout").isEqualTo(10_000L);
  }

  // --- trace context ------------------------------------------------------------------------------

  @Test
  void anIncomingTraceparentIsContinuedIntoLogsAndOutgoingCalls() {
    int logStart = console.text().length();
    HttpResponse<String> r = service.send(service.request("/v1/relay").GET().header(ApiKeyInterceptor.HEADER, StartedService.API_KEY)
        .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    // The downstream saw the same trace, with this service's span as the parent.
    String outgoing = r.body();
    assertThat(outgoing).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-0[01]");
    assertThat(outgoing).doesNotContain(PARENT_SPAN);
    assertThat(downstreamTraceparents).contains(outgoing);

    // The log line of the request carries the trace id (Boot's correlation pattern).
    String logged = console.text().substring(logStart);
    assertThat(logged.lines().filter(l -> l.contains("relaying to the downstream")).toList())
        .singleElement().asString().contains(TRACE_ID);
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceThatIsPropagated() {
    HttpResponse<String> r = service.get("/v1/relay", StartedService.API_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").doesNotContain(TRACE_ID);
  }

  @Test
  void nothingIsExportedAndNoExportErrorsAreLogged() {
    assertThat(service.context().getBeansOfType(SpanExporter.class)).isEmpty();
    service.get("/v1/things/1", StartedService.API_KEY);
    assertThat(console.text().toLowerCase(java.util.Locale.ROOT)).doesNotContain("otlp", "failed to export", "exporter");
  }
}
