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
