package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.ServiceTest;
import io.recsys.featurestore.ingest.api.HostileRequests.HostileRequest;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.RawHttp;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile-input suite: the running feature-store (its own embedded Redis, as {@code ./recsys
 * serve} runs it) against thousands of seeded hostile requests written byte for byte over real sockets
 * ({@link HostileRequests}), then against slow and vanishing clients. For every answer: no 5xx, no
 * HTML, every error {@code application/problem+json} with its status; every complete request answered
 * within three times the longest timeout; a connection the server keeps open still in step (a probe
 * on it gets its own answer: no request smuggled into the next); no ERROR and no stack trace in the
 * service's log. Last, no hostile request may have changed the history of a canary user, however close
 * its id came. A failure names the seed, the request's exact bytes and the command that replays it
 * (timestamps in generated events are relative to the run's clock; all else is the same bytes).
 */
@ServiceTest
@TestPropertySource(properties = {"recsys.ingest.workers=1", "recsys.security.internal-key=" + HostileRequests.INTERNAL_KEY,
    // Small timeouts, so that slow clients are cut off within seconds.
    "server.tomcat.connection-timeout=1s", "server.tomcat.keep-alive-timeout=1s", "recsys.http.header-timeout=2s",
    "recsys.http.body-read-timeout=1s", "recsys.http.body-timeout=2s"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputProperties {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Three times the longest timeout (the header and body deadlines, 2 s): nothing may take longer. */
  private static final Duration BOUND = Duration.ofSeconds(6);
  private static final Instant NOW = Instant.now();
  /** The canaries' histories before the hostile requests, set once. */
  private static final Map<String, String> canaryHistories = new LinkedHashMap<>();
  private static final ExecutorService clients = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "slow-client");
    t.setDaemon(true);
    return t;
  });

  @TempDir static Path redisDir;

  @DynamicPropertySource
  static void embeddedRedis(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.embedded-dir", redisDir::toString);
  }

  private final ApiClient service;
  private final int port;

  HostileInputProperties(@LocalServerPort int port) {
    this.service = new ApiClient(port);
    this.port = port;
  }

  @AfterAll
  static void stopClients() {
    clients.shutdownNow();
  }

  /** Gives each canary a few events and records its history, once, before the first hostile request. */
  @BeforeEach
  void seedCanaries() {
    if (!canaryHistories.isEmpty()) return;
    for (String canary : HostileRequests.CANARIES) {
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < 3; i++) {
        if (i > 0) batch.append(',');
        batch.append(EventsApiTest.event("canary-event-" + canary.hashCode() + "-" + i, canary, "item-" + i, "click", 1,
            NOW.minusSeconds(600 - i).toString()));
      }
      HttpResponse<String> r = service.post("/v1/events", batch.append(']').toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
    for (String canary : HostileRequests.CANARIES) {
      canaryHistories.put(canary, EventsApiTest.eventually(() -> {
        String h = history(canary);
        return JSON.readTree(h).get("events").size() == 3 ? h : null;
      }));
    }
  }

  private String history(String user) {
    HttpResponse<String> r = service.get("/v1/users/" + HostileRequests.encode(user) + "/history?limit=200");
    assertThat(r.statusCode()).as(user + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  // --- thousands of hostile requests --------------------------------------------------------------

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 3000)
  @Order(1)
  void everyHostileRequestIsAnsweredWithAProblemNeverA5xxOrHtml(long seed, CapturedOutput log) {
    HostileRequest request = HostileRequests.generate(new Gen(seed), NOW);
    int logStart = log.getAll().length();
    Seeds.check(seed, request, () -> {
      try (RawHttp c = RawHttp.connect(InetAddress.getLoopbackAddress(), port, BOUND)) {
        c.write(request.bytes());
        if (request.answer() != HostileRequests.Answer.RESPONSE && checkedOtherAnswer(c, request)) return;
        RawHttp.Response r;
        try {
          r = c.read(request.head());
        } catch (SocketTimeoutException e) {
          throw new AssertionError("no answer within " + BOUND.toSeconds() + " s", e);
        }
        assertAcceptable(r, request.head());
        // A connection the server keeps open must still be in step: the next request gets its own answer.
        if (request.wellFramed() && !r.closes()) {
          RawHttp.Response probe;
          try {
            probe = c.exchange("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n");
          } catch (EOFException | SocketException closed) {
            throw new AssertionError("the connection was closed after " + r.statusLine() + " without Connection: close", closed);
          }
          assertThat(probe.status()).as("probe after the request: " + probe).isEqualTo(200);
          assertThat(probe.text()).as("probe after the request").contains("\"UP\"");
        }
      }
      // An erasure is done when it is answered: one that reached a canary shows at once, with its seed.
      if (request.kind().startsWith("near-canary erase")) {
        for (Map.Entry<String, String> canary : canaryHistories.entrySet()) {
          assertThat(history(canary.getKey())).as("history of canary " + canary.getKey()).isEqualTo(canary.getValue());
        }
      }
      assertQuietLog(log.getAll().substring(logStart));
    });
  }

  /**
   * The answers that are no HTTP/1.1 response to a resource request; true when checked (false: it came
   * as a response after all, to be checked as one).
   */
  private static boolean checkedOtherAnswer(RawHttp c, HostileRequest request) throws IOException {
    switch (request.answer()) {
      case MAY_CLOSE -> {
        String got = new String(c.awaitClose(BOUND), StandardCharsets.ISO_8859_1);
        if (!got.isEmpty()) assertThat(got).as("answer to the HTTP/2 preface").startsWith("HTTP/1.1 4").contains("application/problem+json");
        return true;
      }
      case BODY_ONLY -> {
        String got = new String(c.awaitClose(BOUND), StandardCharsets.UTF_8);
        if (got.startsWith("HTTP/")) throw new AssertionError("an HTTP/0.9 request got an HTTP/1.x answer: " + RawHttp.printable(got));
        assertThat(got.toLowerCase(Locale.ROOT)).as("HTTP/0.9 answer").doesNotContain("<html", "<!doctype");
        if (!got.isEmpty()) assertThat(JSON.readTree(got).get("status").asInt()).as("HTTP/0.9 answer: a problem").isBetween(400, 499);
        return true;
      }
      case SERVER_WIDE -> {
        RawHttp.Response r = c.read(false);
        assertThat(r.status()).as(r.toString()).isBetween(200, 499);
        assertThat(r.body()).as("OPTIONS * has no body: " + r).isEmpty();
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static void assertAcceptable(RawHttp.Response r, boolean head) {
    String text = new String(r.body(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    assertThat(r.status()).as("status of " + r).isBetween(200, 499);
    assertThat(text).as("HTML in " + r).doesNotContain("<html", "<!doctype", "<body");
    assertThat(r.elapsed()).as("answered in time: " + r).isLessThan(BOUND);
    if (r.status() >= 400) {
      assertThat(r.mediaType()).as("media type of " + r).isEqualTo("application/problem+json");
      if (!head) {
        JsonNode p = JSON.readTree(r.text());
        assertThat(p.get("status").asInt()).as("status in " + r).isEqualTo(r.status());
        assertThat(p.get("title").asString()).as("title in " + r).isNotBlank();
        assertThat(r.text()).as(r.toString()).doesNotContain("Exception", "\tat ", "tomcat");
      }
    }
  }

  /** No ERROR line and no stack trace: a hostile client is no server error. */
  private static void assertQuietLog(String log) {
    List<String> errors = log.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ") || l.startsWith("Caused by")).toList();
    assertThat(errors).as("ERROR lines or stack traces in the service's log:\n" + log).isEmpty();
  }

  // --- slow and vanishing clients -----------------------------------------------------------------

  /** What a slow or vanishing client does. */
  enum Slow {
    IDLE, TRICKLE_HEAD, STALL_HEAD, STALL_BODY, TRICKLE_BODY, UNFINISHED_CHUNKS, ABORT_HEAD, ABORT_BODY, ABORT_BEFORE_ANSWER, IDLE_AFTER_ANSWER
  }

  record SlowClient(Slow behaviour, int rateMillis, int cut) {}

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 3)
  @Order(2)
  void slowAndVanishingClientsAreCutOffInTimeWithoutAnError(long seed, CapturedOutput log) throws Exception {
    int logStart = log.getAll().length();
    Gen gen = new Gen(seed);
    List<SlowClient> slow = gen.list(12, 12, () -> new SlowClient(gen.oneOf(Slow.class), gen.intBetween(100, 400), gen.intBetween(1, 30)));
    Seeds.check(seed, slow, () -> {
      long start = System.nanoTime();
      List<Future<String>> outcomes = new ArrayList<>();
      for (SlowClient s : slow) outcomes.add(clients.submit(() -> behave(s)));
      for (int i = 0; i < slow.size(); i++) {
        String problem = outcomes.get(i).get(BOUND.toSeconds() + 5, TimeUnit.SECONDS);
        assertThat(problem).as("client " + i + " " + slow.get(i)).isNull();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("all cut off").isLessThan(BOUND.plusSeconds(1));
      // The service is still there for everyone else.
      assertThat(service.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
      Thread.sleep(200); // the handlers of the aborted ones log (or not) by now
      assertQuietLog(log.getAll().substring(logStart));
    });
  }

  /** Plays one slow client; null when the server cut it off (or answered) in time as it should, else what went wrong. */
  private String behave(SlowClient s) {
    String post = "POST /v1/events HTTP/1.1\r\nHost: x\r\nX-API-Key: " + ApiClient.API_KEY + "\r\nContent-Type: application/json\r\n";
    String body = "[" + EventsApiTest.event("slow-" + s.hashCode(), "slow-user", "i", "click", 1, NOW.minusSeconds(5).toString()) + "]";
    long start = System.nanoTime();
    try (RawHttp c = RawHttp.connect(InetAddress.getLoopbackAddress(), port, BOUND)) {
      switch (s.behaviour()) {
        case IDLE -> { }
        case TRICKLE_HEAD -> trickle(c, "GET /v1/users/u/history HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(10_000), s.rateMillis());
        case STALL_HEAD -> c.write("GET /v1/users/u/history HTTP/1.1\r\nHost: x\r\nX-".substring(0, Math.min(40, 10 + s.cut())));
        case STALL_BODY -> c.write(post + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, Math.min(s.cut(), body.length() - 1)));
        case TRICKLE_BODY -> {
          c.write(post + "Content-Length: " + (body.length() + 10_000) + "\r\n\r\n");
          trickle(c, body + " ".repeat(10_000), s.rateMillis());
        }
        case UNFINISHED_CHUNKS -> c.write(post + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n");
        case ABORT_HEAD -> {
          c.write("GET /v1/users/u/history HTTP/1.1\r\nHo");
          return null; // closed by the try
        }
        case ABORT_BODY -> {
          c.write(post + "Content-Length: " + (body.length() + 100) + "\r\n\r\n" + body);
          Thread.sleep(s.rateMillis());
          return null;
        }
        case ABORT_BEFORE_ANSWER -> {
          c.write(post + "Content-Length: " + body.length() + "\r\n\r\n" + body);
          return null;
        }
        case IDLE_AFTER_ANSWER -> {
          RawHttp.Response first = c.exchange("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n");
          if (first.status() != 200) return "first answer " + first;
        }
      }
      byte[] got = c.awaitClose(BOUND.minusNanos(System.nanoTime() - start));
      return answerProblem(got);
    } catch (SocketTimeoutException e) {
      return "still open after " + BOUND.toSeconds() + " s";
    } catch (IOException e) {
      return null; // reset by the server: cut off
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Writes {@code text} a byte at a time until the server stops taking it (in the background). */
  private static void trickle(RawHttp c, String text, int everyMillis) {
    clients.submit(() -> {
      try {
        for (int i = 0; i < text.length(); i++) {
          c.write(text.substring(i, i + 1));
          Thread.sleep(everyMillis);
        }
      } catch (IOException | InterruptedException cutOff) {
        // what is expected
      }
      return null;
    });
  }

  /** What is wrong with what a cut-off client received before the close (nothing, or a 408/400 problem), or null. */
  private static String answerProblem(byte[] got) {
    String text = new String(got, StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) return null;
    if (!text.startsWith("HTTP/1.1 4")) return "unexpected answer: " + RawHttp.printable(got);
    if (!text.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json")) return "not a problem: " + RawHttp.printable(got);
    return null;
  }

  // --- the canaries -------------------------------------------------------------------------------

  @Test
  @Order(3)
  void noHostileRequestChangedACanarysHistory() {
    // Every event accepted before this one has been applied once this one shows (one worker, in order).
    HttpResponse<String> r = service.post("/v1/events", "[" + EventsApiTest.event("sentinel-" + System.nanoTime(), "sentinel", "i", "click", 1,
        NOW.toString()) + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    EventsApiTest.eventually(() -> JSON.readTree(history("sentinel")).get("events").size() >= 1 ? true : null);
    for (Map.Entry<String, String> canary : canaryHistories.entrySet()) {
      assertThat(history(canary.getKey())).as("history of canary " + canary.getKey()).isEqualTo(canary.getValue());
    }
  }
}
