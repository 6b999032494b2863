package io.recsys.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on loopback standing in for a downstream service: per path, a scripted answer
 * (status, body, delay); it records every request (headers and body) so tests can check what the
 * gateway sent. Latency and errors are injected per path and may change between calls.
 */
public final class StubStage implements AutoCloseable {
  /** What a path answers: a status, a JSON body made from the request body, and a delay before answering. */
  public record Answer(int status, Function<String, String> body, long delayMillis) {
    public static Answer json(String body) {
      return new Answer(200, b -> body, 0);
    }

    public static Answer status(int status) {
      return new Answer(status, b -> "{\"title\":\"stub failure\"}", 0);
    }

    public Answer delayed(long millis) {
      return new Answer(status, body, millis);
    }
  }

  /** One request the stub saw. */
  public record Seen(String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue().getFirst();
      }
      return null;
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, List<Answer>> queued = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  public StubStage() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public StubStage answer(String path, Answer answer) {
    answers.put(path, answer);
    return this;
  }

  /** Answers {@code first} once, then the standing answer. */
  public StubStage answerOnce(String path, Answer first) {
    queued.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(first);
    return this;
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  public long calls(String path) {
    return seen.stream().filter(s -> s.path().equals(path)).count();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange x) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      String path = x.getRequestURI().getPath();
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(new Seen(path, Map.copyOf(x.getRequestHeaders()), body));
      List<Answer> q = queued.get(path);
      Answer a = q != null && !q.isEmpty() ? q.removeFirst() : answers.get(path);
      if (a == null) a = Answer.status(404);
      if (a.delayMillis() > 0) {
        try {
          Thread.sleep(a.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] out = a.body().apply(body).getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", a.status() < 400 ? "application/json" : "application/problem+json");
      x.sendResponseHeaders(a.status(), out.length);
      try (OutputStream os = x.getResponseBody()) {
        os.write(out);
      } catch (IOException closedByClient) {
        // The gateway gave up (its budget ran out); nothing to answer to.
      }
    } finally {
      inFlight.decrementAndGet();
      x.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
