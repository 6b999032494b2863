package io.recsys.integration.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./recsys demo} as a new user runs it (on the tiny synthetic preset): every process really
 * started, requests answered through the gateway by the whole cascade, and {@code ./recsys down}
 * leaving no process and no bound port behind.
 */
class DemoTest {
  private static final Path ROOT = Path.of(System.getProperty("recsys.root", "..")).toAbsolutePath().normalize();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  @Test
  void demoServesTheCascadeThroughTheGatewayAndDownStopsEverything() throws Exception {
    assumeTrue(Files.isDirectory(ROOT.resolve("gateway/target/lib")),
        "modules not packaged (run with -am or the whole reactor); demo run skipped");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path out = tmp.resolve("demo.out");
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("recsys").toString(), "demo", "--port", Integer.toString(port),
        "--size", "tiny").directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().remove("REDIS_URL");
    pb.environment().remove("RECSYS_API_KEY");
    pb.environment().put("RECSYS_NO_BUILD", "1");
    pb.environment().put("RECSYS_RUNS_DIR", tmp.resolve("runs").toString());
    Process demo = pb.start();
    Path run = tmp.resolve("runs").resolve("demo-" + port);
    List<Long> pids = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
      while (!Files.readString(out).contains("recsys demo is up") && demo.isAlive() && System.nanoTime() < deadline) Thread.sleep(500);
      String printed = Files.readString(out);
      assertThat(printed).as("demo output:\n" + printed + logs(run)).contains("recsys demo is up");
      String key = Files.readString(run.resolve("api-key")).trim();
      assertThat(printed).contains("API key            " + key, "curl -s 'http://127.0.0.1:" + port + "/v1/recommendations?userId=");
      for (String line : Files.readAllLines(run.resolve("pids"))) pids.add(Long.parseLong(line.split(" ")[1]));
      assertThat(pids).as("redis, four services, the gateway").hasSize(6);

      // The first calls of cold JVMs may exceed a stage's budget and come back degraded: the ladder
      // at work. Warmed up, the whole cascade answers.
      JsonNode body = null;
      for (int i = 0; i < 30; i++) {
        HttpResponse<String> r = get(port, "/v1/recommendations?userId=u0&count=10&explain=true", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        body = JSON.readTree(r.body());
        if (body.get("degraded").isEmpty()) break;
        Thread.sleep(500);
      }
      assertThat(body.get("degraded").size()).as("warm cascade: " + body).isZero();
      assertThat(body.get("variant").get("experiment").asString()).isEqualTo("explore");
      assertThat(body.get("items").size()).isEqualTo(10);
      Set<String> sources = new HashSet<>();
      for (JsonNode item : body.get("items")) {
        assertThat(item.get("itemId").asString()).as("ids of the dataset").startsWith("i");
        assertThat(item.get("explain").get("rankScores").has("click")).isTrue();
        for (JsonNode s : item.get("explain").get("sources")) sources.add(s.asString().replaceAll(":.*", ""));
      }
      assertThat(sources).as("provenance").isNotEmpty();

      String event = "[{\"eventId\":\"demo-test-1\",\"userId\":\"u0\",\"itemId\":\"" + body.get("items").get(0).get("itemId").asString()
          + "\",\"type\":\"click\",\"timestamp\":\"" + Instant.now() + "\"}]";
      HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
          .header("X-API-Key", key).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

      ladder(port, key, run, printed, pids);

      ProcessBuilder down = new ProcessBuilder("bash", ROOT.resolve("recsys").toString(), "down", "--port", Integer.toString(port))
          .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("down.out").toFile());
      down.environment().put("RECSYS_RUNS_DIR", tmp.resolve("runs").toString());
      Process d = down.start();
      assertThat(d.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(d.exitValue()).as(Files.readString(tmp.resolve("down.out"))).isZero();
      for (long pid : pids) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid + " stopped").isFalse();
      }
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo command returns once its stack is down").isTrue();
      assertThat(listening(port)).as("gateway port " + port + " released").isFalse();
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
      for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * The degradation ladder with real processes: each stage service stopped in turn (SIGTERM, as an
   * orchestrator stops it), the gateway still answers 200 with that stage listed as degraded; the
   * ranking service started again on its port is used again once the gateway's breaker lets it.
   */
  private void ladder(int port, String key, Path run, String printed, List<Long> pids) throws Exception {
    long ranking = pid(run, "ranking-service");
    stop(ranking);
    JsonNode answer = answerWith(port, key, "ranking", 30);
    assertThat(answer.get("degraded").toString()).as("only ranking is down: " + answer).doesNotContain("candidates", "rerank");
    assertThat(answer.get("items").size()).isEqualTo(10);

    // Started again on the same port (the gateway's configuration), with the stack's settings.
    int rankingPort = Integer.parseInt(printed.replaceAll("(?s).*ranking-service\\s+http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
    String redisUrl = printed.replaceAll("(?s).*\\n  redis\\s+(redis://\\S+).*", "$1");
    ProcessBuilder again = new ProcessBuilder("bash", ROOT.resolve("recsys").toString(), "serve", "ranking-service", "--port",
        Integer.toString(rankingPort)).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("ranking-again.log").toFile());
    again.environment().putAll(java.util.Map.of("RECSYS_NO_BUILD", "1", "REDIS_URL", redisUrl, "RECSYS_ARTIFACTS", run.resolve("artifacts").toString(),
        "RECSYS_INTERNAL_KEY", Files.readString(run.resolve("internal-key")).trim(), "RECSYS_API_KEY", key,
        "RECSYS_ADMIN_KEY", Files.readString(run.resolve("admin-key")).trim()));
    Process restarted = again.start();
    pids.add(restarted.pid());
    long t0 = System.nanoTime();
    JsonNode recovered = null;
    while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120)) {
      JsonNode a = JSON.readTree(get(port, "/v1/recommendations?userId=u1&count=10", key).body());
      if (a.get("degraded").isEmpty()) {
        recovered = a;
        break;
      }
      Thread.sleep(500);
    }
    assertThat(recovered).as("the restarted ranking service is used again; its log:\n" + Files.readString(tmp.resolve("ranking-again.log")))
        .isNotNull();
    System.out.printf("ranking-service restarted: answers complete again %.1f s after the restart began%n", (System.nanoTime() - t0) / 1e9);

    stop(pid(run, "rerank-service"));
    answer = answerWith(port, key, "rerank", 30);
    assertThat(answer.get("degraded").toString()).doesNotContain("candidates", "ranking");
    assertThat(answer.get("items").get(0).has("propensity")).as("no propensities without the re-ranker").isFalse();

    stop(pid(run, "candidate-service"));
    answer = answerWith(port, key, "candidates", 30);
    assertThat(answer.get("items").size()).as("the popular items the gateway keeps: " + answer).isEqualTo(10);
    assertThat(answer.get("degraded").toString()).as("the restarted ranker still ranks the popular items").doesNotContain("ranking");
    stop(restarted.pid()); // not the demo's own: down would not know it
  }

  /** Asks until an answer lists {@code stage} as degraded; every answer on the way is a 200. */
  private static JsonNode answerWith(int port, String key, String stage, int tries) throws Exception {
    JsonNode last = null;
    for (int i = 0; i < tries; i++) {
      HttpResponse<String> r = get(port, "/v1/recommendations?userId=u2&count=10", key);
      assertThat(r.statusCode()).as("never a 5xx while a rung answers: " + r.body()).isEqualTo(200);
      last = JSON.readTree(r.body());
      if (last.get("degraded").toString().contains("\"" + stage + "\"")) return last;
      Thread.sleep(300);
    }
    throw new AssertionError(stage + " never reported degraded; last answer " + last);
  }

  private static long pid(Path run, String name) throws IOException {
    for (String line : Files.readAllLines(run.resolve("pids"))) {
      String[] f = line.split(" ");
      if (f[0].equals(name)) return Long.parseLong(f[1]);
    }
    throw new AssertionError("no " + name + " in " + run.resolve("pids"));
  }

  private static void stop(long pid) throws Exception {
    ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " is gone"));
    p.destroy();
    p.onExit().get(60, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> get(int port, String path, String key) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-API-Key", key)
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String logs(Path run) {
    StringBuilder b = new StringBuilder();
    try (var files = Files.list(run.resolve("logs"))) {
      for (Path f : files.toList()) {
        List<String> lines = Files.readAllLines(f);
        b.append("\n--- ").append(f.getFileName()).append(" (last lines)\n");
        for (String l : lines.subList(Math.max(0, lines.size() - 15), lines.size())) b.append(l).append('\n');
      }
    } catch (IOException | RuntimeException e) {
      b.append("\n(no logs: ").append(e).append(')');
    }
    return b.toString();
  }
}
