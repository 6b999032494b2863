package io.recsys.evaluation.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.evaluation.cli.EvalCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Java steps of {@code ./recsys eval --serve} without a stack: the split keeps every held-out
 * interaction out of the training part and moves the time origin without reordering; the replay
 * against a real HTTP server writes what the gateway answered, in the file {@code eval --recs} scores.
 */
class ServedEvalCommandTest {
  @TempDir Path tmp;
  private Path data;
  private final StringWriter err = new StringWriter();

  /** 30 users, each clicking 6 of 12 items in a rotating window (the last click is held out), one impression after. */
  @BeforeEach
  void writeDataset() throws IOException {
    data = tmp.resolve("data");
    try (CanonicalDatasetWriter w = new CanonicalDatasetWriter(data)) {
      for (int i = 0; i < 12; i++) w.item(new Item("i" + i, "Item " + i, List.of("c" + (i % 3)), 0, Map.of()));
      for (int u = 0; u < 30; u++) {
        for (int p = 0; p < 6; p++) {
          w.interaction(new Interaction("u" + u, "i" + ((u + p) % 12), InteractionType.CLICK, 1, 1_000L * (u * 10 + p)));
        }
        w.interaction(new Interaction("u" + u, "i" + ((u + 7) % 12), InteractionType.IMPRESSION, 1, 1_000L * (u * 10 + 9)));
      }
    }
  }

  private int run(String... args) {
    CommandLine cmd = CliErrorHandler.commandLine(new ServedEvalCommand());
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  static String heldOut(int u) {
    return "i" + ((u + 5) % 12);
  }

  @Test
  void theTrainingPartHoldsNoTestTargetAndKeepsTheOrderOfTime() throws IOException {
    Path out = tmp.resolve("split");
    long before = System.currentTimeMillis();
    assertThat(run("prepare", "--data", data.toString(), "--out", out.toString())).as(err.toString()).isZero();
    List<String> users = Files.readAllLines(out.resolve(ServedEvalCommand.TEST_USERS));
    assertThat(users).hasSize(30);
    Dataset train = Datasets.load(out.resolve("train"), DatasetFormat.GENERIC, ErrorPolicy.FAIL);
    assertThat(train.size()).isEqualTo(30 * 7 - 30);
    long last = Long.MIN_VALUE;
    for (int row = 0; row < train.size(); row++) {
      Interaction i = train.interaction(row);
      int u = Integer.parseInt(i.userId().substring(1));
      assertThat(i.itemId()).as("user %d's held-out item", u).isNotEqualTo(heldOut(u));
      last = Math.max(last, i.timestampMillis());
    }
    // The last event is a minute before now; gaps between events are unchanged.
    assertThat(last).isBetween(before - 61_000, System.currentTimeMillis() - 59_000);
    long shift = last - 1_000L * (29 * 10 + 9);
    Interaction first = train.interaction(0);
    assertThat(first.timestampMillis() - shift).isEqualTo(0);
  }

  @Test
  void withoutTheShiftTimestampsStayAsTheyAre() throws IOException {
    Path out = tmp.resolve("split");
    assertThat(run("prepare", "--data", data.toString(), "--out", out.toString(), "--no-time-shift")).isZero();
    Dataset train = Datasets.load(out.resolve("train"), DatasetFormat.GENERIC, ErrorPolicy.FAIL);
    long last = Long.MIN_VALUE;
    for (int row = 0; row < train.size(); row++) last = Math.max(last, train.interaction(row).timestampMillis());
    assertThat(last).isEqualTo(1_000L * (29 * 10 + 9));
  }

  @Test
  void theReplayWritesWhatTheGatewayAnsweredAndEvalScoresIt() throws Exception {
    Path out = tmp.resolve("split");
    assertThat(run("prepare", "--data", data.toString(), "--out", out.toString())).isZero();
    AtomicInteger calls = new AtomicInteger();
    HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gateway.createContext("/v1/recommendations", x -> {
      calls.incrementAndGet();
      String query = x.getRequestURI().getQuery();
      String user = query.replaceAll(".*userId=([^&]*).*", "$1");
      boolean keyed = "k".equals(x.getRequestHeaders().getFirst("X-API-Key"));
      int u = Integer.parseInt(user.substring(1));
      // The held-out item first; user u29's answer degraded; user u28 gets a 503. The funnel (asked
      // for with explain=true): retrieval misses u27's held-out item, the ranker puts u26's last.
      String others = "\"i" + ((u + 6) % 12) + "\",\"i" + ((u + 8) % 12) + "\",\"i" + ((u + 9) % 12) + "\"";
      String target = "\"" + heldOut(u) + "\"";
      String funnel = !query.contains("explain=true") ? "" : ",\"funnel\":{\"candidates\":[" + others + (u == 27 ? "" : "," + target)
          + "],\"ranked\":[" + (u == 27 ? others : u == 26 ? others + "," + target : target + "," + others) + "]}";
      String body = "{\"items\":[{\"itemId\":\"" + heldOut(u) + "\"},{\"itemId\":\"i" + ((u + 9) % 12) + "\"}],\"degraded\":"
          + (u == 29 ? "[\"rerank\"]" : "[]") + funnel + "}";
      int status = !keyed ? 401 : u == 28 ? 503 : 200;
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(status, b.length);
      try (OutputStream os = x.getResponseBody()) {
        os.write(b);
      }
    });
    gateway.start();
    try {
      Path recs = tmp.resolve("served.csv");
      int exit = run("replay", "--users", out.resolve(ServedEvalCommand.TEST_USERS).toString(), "--url",
          "http://127.0.0.1:" + gateway.getAddress().getPort(), "--api-key", "k", "--count", "2", "--warm-up", "0s", "--out", recs.toString());
      assertThat(exit).as("one user failed").isEqualTo(1);
      assertThat(calls.get()).isEqualTo(30);
      assertThat(err.toString()).contains("30 users asked, 29 answered 200, 1 failed", "{rerank=1}");
      List<String> lines = Files.readAllLines(recs);
      assertThat(lines.getFirst()).isEqualTo("userId,itemId,rank");
      assertThat(lines).contains("u0," + heldOut(0) + ",1").hasSize(1 + 29 * 2);

      StringWriter report = new StringWriter();
      CommandLine eval = EvalCommand.commandLine();
      eval.setOut(new PrintWriter(report, true));
      eval.setErr(new PrintWriter(new StringWriter(), true));
      assertThat(eval.execute("--data", data.toString(), "--recs", recs.toString(), "--k", "2")).isZero();
      // 29 of 30 users got their held-out item first; the failed one counts as a miss.
      assertThat(report.toString()).containsPattern("\\s2\\s+0\\.9667");

      // The funnel: 28 of 30 held-out items among the candidates (u27's missed, u28 failed), 27 in
      // the ranked top 2 (u26's ranked last), 29 served; the 28 complete answers all hit.
      StringWriter funnel = new StringWriter();
      CommandLine f = CliErrorHandler.commandLine(new ServedEvalCommand());
      f.setOut(new PrintWriter(funnel, true));
      assertThat(f.execute("funnel", "--data", data.toString(), "--recs", recs.toString(), "--k", "2")).isZero();
      assertThat(funnel.toString()).contains("30 test users").containsPattern("after retrieval .* 0\\.9333")
          .containsPattern("after ranking \\(ranked top 2\\)\\s+0\\.9000").containsPattern("after rerank \\(served top 2\\)\\s+0\\.9667")
          .contains("over the 28 complete answers (no stage degraded): 1.0000");
    } finally {
      gateway.stop(0);
    }
  }
}
