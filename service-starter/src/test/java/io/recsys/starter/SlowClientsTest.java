package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.starter.testapp.ConsoleCapture;
import io.recsys.starter.testapp.StartedService;
import io.recsys.testsupport.RawHttp;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients that are slow on purpose or go away half-way (slowloris, stalled uploads): the service cuts
 * each off within its timeouts and logs no error for any of them. The timeouts are set small here (1-2
 * s); every bound is three times the timeout it checks, so a loaded machine does not fail the test.
 */
class SlowClientsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration IDLE = Duration.ofSeconds(1);
  /** Three times the longest timeout: whatever a slow client does, it is cut off before this. */
  private static final Duration BOUND = Duration.ofSeconds(6);
  private static final String KEY = "X-API-Key: " + StartedService.API_KEY + "\r\n";

  private static ConsoleCapture console;
  private static StartedService service;
  private static final ExecutorService tricklers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "trickler");
    t.setDaemon(true);
    return t;
  });

  @BeforeAll
  static void start() {
    console = new ConsoleCapture();
    service = StartedService.withKeys("--server.tomcat.connection-timeout=" + IDLE.toMillis() + "ms",
        "--server.tomcat.keep-alive-timeout=" + IDLE.toMillis() + "ms", "--recsys.http.header-timeout=" + HEADER_TIMEOUT.toMillis() + "ms",
        "--recsys.http.body-read-timeout=" + IDLE.toMillis() + "ms", "--recsys.http.body-timeout=" + BODY_TIMEOUT.toMillis() + "ms",
        "--logging.level.io.recsys.starter.problem=DEBUG");
  }

  @AfterAll
  static void stop() {
    tricklers.shutdownNow();
    if (service != null) service.close();
    if (console != null) console.close();
  }

  /** Writes {@code bytes} one at a time, {@code every} apart, until they are all sent or the server closes. */
  private static Future<?> trickle(RawHttp c, String bytes, Duration every) {
    return tricklers.submit(() -> {
      try {
        for (int i = 0; i < bytes.length(); i++) {
          c.write(bytes.substring(i, i + 1));
          Thread.sleep(every.toMillis());
        }
      } catch (IOException | InterruptedException closed) {
        // the server cut it off: what the test waits for
      }
    });
  }

  private static String endless(String head) {
    return head + "X-Slow: " + "a".repeat(100_000);
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWithinTheConnectionTimeout() throws IOException {
    try (RawHttp c = RawHttp.connect(service.port())) {
      assertThat(c.awaitClose(BOUND)).isEmpty();
    }
  }

  @Test
  void aRequestHeadTrickledByteByByteIsCutOffAtTheHeaderTimeout() throws IOException {
    // A byte every 200 ms: far inside the 1 s each read may wait, so only a deadline for the whole head stops it.
    try (RawHttp c = RawHttp.connect(service.port())) {
      long start = System.nanoTime();
      Future<?> sender = trickle(c, endless("GET /v1/things/1 HTTP/1.1\r\nHost: x\r\n"), Duration.ofMillis(200));
      c.awaitClose(BOUND);
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(took).as("closed after %d ms", took).isGreaterThanOrEqualTo(HEADER_TIMEOUT.toMillis() - 100);
      sender.cancel(true);
    }
  }

  @Test
  void aBodyThatStopsHalfWayIsAnswered408WithinTheBodyReadTimeout() throws IOException {
    for (String path : List.of("/v1/raw", "/v1/stream")) {
      try (RawHttp c = RawHttp.connect(service.port()).readTimeout(BOUND)) {
        c.write("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + KEY + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":");
        assertRequestTimeout(c.read(), path);
      }
    }
  }

  @Test
  void aChunkedBodyWithoutItsLastChunkIsAnswered408WithinTheBodyReadTimeout() throws IOException {
    try (RawHttp c = RawHttp.connect(service.port()).readTimeout(BOUND)) {
      c.write("POST /v1/stream HTTP/1.1\r\nHost: x\r\n" + KEY + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\n[1,2,\r\n");
      assertRequestTimeout(c.read(), "chunked");
    }
  }

  @Test
  void aBodyTrickledPastTheBodyTimeoutIsAnswered408() throws Exception {
    // A byte every 300 ms keeps every read short; the deadline for the whole body ends it. Both
    // handlers at once: one reads through Spring's converter, one the raw stream.
    List<String> paths = List.of("/v1/raw", "/v1/stream");
    List<RawHttp> clients = new ArrayList<>();
    List<Future<?>> senders = new ArrayList<>();
    try {
      for (String path : paths) {
        RawHttp c = RawHttp.connect(service.port()).readTimeout(BOUND);
        clients.add(c);
        c.write("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + KEY + "Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n");
        senders.add(trickle(c, " ".repeat(10_000), Duration.ofMillis(300)));
      }
      for (int i = 0; i < paths.size(); i++) {
        RawHttp.Response r = clients.get(i).read();
        assertRequestTimeout(r, paths.get(i));
        assertThat(JSON.readTree(r.text()).get("detail").asString()).contains("did not arrive within 2 s");
      }
    } finally {
      senders.forEach(f -> f.cancel(true));
      clients.forEach(RawHttp::close);
    }
  }

  private static void assertRequestTimeout(RawHttp.Response r, String what) {
    assertThat(r.status()).as(what + " -> " + r).isEqualTo(408);
    assertThat(r.mediaType()).as(what + " -> " + r).isEqualTo("application/problem+json");
    assertThat(r.elapsed()).as(what).isLessThan(BOUND);
  }

  @Test
  void aBodyTrickledAfterItsAnswerDoesNotKeepTheConnection() throws IOException {
    // Answered at once (401: no key), the body never read: Tomcat used to read the rest of it before
    // closing, as slowly as it came, keeping the connection for as long as the client liked.
    try (RawHttp c = RawHttp.connect(service.port())) {
      c.write("POST /v1/stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n");
      Future<?> sender = trickle(c, " ".repeat(10_000), Duration.ofMillis(300));
      String got = new String(c.awaitClose(BOUND), StandardCharsets.ISO_8859_1);
      assertThat(got).startsWith("HTTP/1.1 401").contains("application/problem+json");
      sender.cancel(true);
    }
    // A quick client with an unread body keeps its connection for the next request.
    try (RawHttp c = RawHttp.connect(service.port())) {
      String body = "[" + "1,".repeat(3000) + "1]";
      RawHttp.Response refused = c.exchange("POST /v1/stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(c.exchange("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      // Also after an answer of known length, written before the application ever saw the request.
      RawHttp.Response cors = c.exchange("POST /v1/stream HTTP/1.1\r\nHost: x\r\nOrigin: https://elsewhere.example\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(cors.status()).isEqualTo(403);
      assertThat(c.exchange("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedWithinTheKeepAliveTimeout() throws IOException {
    try (RawHttp c = RawHttp.connect(service.port())) {
      assertThat(c.exchange("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      assertThat(c.awaitClose(BOUND)).isEmpty();
    }
  }

  @Test
  void twentySlowClientsAtOnceAreAllCutOffInTime() throws Exception {
    // What the tester saw: 20 trickling or idle connections, all still open after 30 s.
    List<RawHttp> clients = new ArrayList<>();
    List<Future<?>> senders = new ArrayList<>();
    try {
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        RawHttp c = RawHttp.connect(service.port());
        clients.add(c);
        switch (i % 4) {
          case 0 -> { } // idle from the start
          case 1 -> senders.add(trickle(c, endless("GET /v1/things/" + i + " HTTP/1.1\r\nHost: x\r\n"), Duration.ofMillis(250)));
          case 2 -> senders.add(trickle(c, "POST /v1/stream HTTP/1.1\r\nHost: x\r\n" + KEY
              + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n" + " ".repeat(100_000), Duration.ofMillis(50)));
          default -> c.write("POST /v1/stream HTTP/1.1\r\nHost: x\r\n" + KEY + "Content-Type: application/json\r\nContent-Length: 10\r\n\r\n[");
        }
      }
      for (RawHttp c : clients) {
        Duration left = BOUND.minusNanos(System.nanoTime() - start);
        try {
          c.awaitClose(left.isNegative() ? Duration.ofMillis(1) : left);
        } catch (SocketTimeoutException e) {
          throw new AssertionError("client " + clients.indexOf(c) + " still open " + BOUND.toSeconds() + " s after the start", e);
        }
      }
    } finally {
      senders.forEach(s -> s.cancel(true));
      clients.forEach(RawHttp::close);
    }
  }

  @Test
  void clientsThatGoAwayHalfWayLeaveOneQuietLineAndNoErrorOrStackTrace() throws Exception {
    int logStart = console.text().length();
    for (String path : List.of("/v1/raw", "/v1/stream")) {
      try (RawHttp c = RawHttp.connect(service.port())) {
        c.write("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + KEY + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n[1,2,");
        Thread.sleep(100); // the handler is reading by now
      } // closed with the body unfinished
    }
    // The two lines come once the handlers notice; nothing else is to come.
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (countAborts(console.text().substring(logStart)) < 2 && System.nanoTime() < deadline) Thread.sleep(50);
    Thread.sleep(300);
    String log = console.text().substring(logStart);
    assertThat(countAborts(log)).as(log).isEqualTo(2);
    assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList()).as(log).isEmpty();
    assertThat(log).as("no stack trace").doesNotContain("\tat ", "Caused by");
  }

  private static long countAborts(String log) {
    return log.lines().filter(l -> l.contains(" DEBUG ") && l.contains("the client went away or stalled")).count();
  }

  @Test
  void aQuickClientIsNotSlowedByTheDeadlines() throws IOException {
    // The deadlines cost a quick client nothing: a body sent at once is read whole, over keep-alive.
    try (RawHttp c = RawHttp.connect(service.port())) {
      for (int i = 0; i < 3; i++) {
        String body = "[" + "1,".repeat(5000) + "1]";
        RawHttp.Response r = c.exchange("POST /v1/stream HTTP/1.1\r\nHost: x\r\n" + KEY + "Content-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
      }
    }
  }
}
