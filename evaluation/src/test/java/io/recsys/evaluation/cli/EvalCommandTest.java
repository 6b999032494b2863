package io.recsys.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EvalCommandTest {
  @TempDir Path tmp;
  private Path data;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** 30 users, each clicking 6 of 12 items in a rotating window; items in 3 categories. */
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
    CommandLine cmd = EvalCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void scoresABaselineAndWritesAJsonReport() {
    Path json = tmp.resolve("report.json");
    assertThat(run("--data", data.toString(), "--baseline", "transition", "--k", "5,10", "--list-k", "5",
        "--json", json.toString())).isEqualTo(0);
    assertThat(out.toString()).contains("baseline transition", "leave-last-out", "30 under test", "NDCG", "Gini-w");
    JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
    assertThat(report.get("testUsers").asInt()).isEqualTo(30);
    assertThat(report.get("accuracy")).hasSize(2);
    // Each user's next item in the window always followed the user's last item for other users:
    // the transition graph finds it at rank 1.
    assertThat(report.get("accuracy").get(0).get("hitRate").asDouble()).isEqualTo(1.0);
    assertThat(report.get("exposureFairness").get("scores")).hasSize(9);
  }

  @Test
  void aBaselinesWrittenListsScoreTheSameWhenReadBack() throws IOException {
    Path recs = tmp.resolve("recs.csv");
    assertThat(run("--data", data.toString(), "--baseline", "itemknn", "--write-recs", recs.toString())).isZero();
    String baseline = table(out.toString());
    out.getBuffer().setLength(0);
    assertThat(run("--data", data.toString(), "--recs", recs.toString())).isZero();
    assertThat(table(out.toString())).isEqualTo(baseline);
    assertThat(Files.readAllLines(recs).getFirst()).isEqualTo("userId,itemId,rank");
  }

  /** The accuracy and beyond-accuracy lines of the printed report, without the header naming the source. */
  private static String table(String report) {
    return report.substring(report.indexOf("     K"), report.indexOf("elapsed"));
  }

  @Test
  void reportsAMalformedRecsRowWithFileAndLine() throws IOException {
    Path recs = tmp.resolve("bad.csv");
    Files.writeString(recs, "userId,itemId,rank\nu1,i3,1\nu1,i4,one\n");
    assertThat(run("--data", data.toString(), "--recs", recs.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("error: " + recs + ":3: rank is not an integer");
  }

  @Test
  void skipsMalformedRecsRowsWhenAskedAndSaysHowMany() throws IOException {
    Path recs = tmp.resolve("bad.csv");
    Files.writeString(recs, "u1,i3,1\nu1,nope,2\nu1,i3,3\n");
    assertThat(run("--data", data.toString(), "--recs", recs.toString(), "--on-error", "skip")).isZero();
    assertThat(out.toString()).contains("skipped 2 malformed rows", "item id is not in the dataset",
        "item repeated for a user", "29 test users have no list");
  }

  @Test
  void positiveFeedbackDefaultsToTheTypeRegistrysPositiveTypes() throws IOException {
    Path json = tmp.resolve("report.json");
    // A registry that counts impressions as feedback: each user's impression, their newest event,
    // becomes the held-out item, which the transition graph does not put first (it predicts the
    // next click in the window).
    Path types = Files.writeString(tmp.resolve("types.properties"), "impression = impression, positive=true\n");
    assertThat(run("--data", data.toString(), "--baseline", "transition", "--k", "1", "--types", types.toString(),
        "--json", json.toString())).as(err.toString()).isEqualTo(0);
    JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
    assertThat(report.get("accuracy").get(0).get("hitRate").asDouble()).isLessThan(1.0);
    // Named explicitly, by a registry name, the clicks alone count again.
    Path alias = Files.writeString(tmp.resolve("alias.properties"), "pv = click\n");
    assertThat(run("--data", data.toString(), "--baseline", "transition", "--k", "1", "--types", alias.toString(),
        "--positive-types", "pv", "--json", json.toString())).as(err.toString()).isEqualTo(0);
    assertThat(JsonMapper.builder().build().readTree(json.toFile()).get("accuracy").get(0).get("hitRate").asDouble()).isEqualTo(1.0);
  }

  @Test
  void anUnknownPositiveTypeIsRefusedNamingTheAcceptedOnes() {
    assertThat(run("--data", data.toString(), "--baseline", "pop", "--positive-types", "nosuch")).isNotZero();
    assertThat(err.toString()).contains("unknown type 'nosuch'", "accepted: ", "purchase");
  }

  @Test
  void refusesWhenNoUserHasEnoughInteractions() {
    assertThat(run("--data", data.toString(), "--baseline", "pop", "--min-interactions", "50")).isEqualTo(1);
    assertThat(err.toString()).contains("error: no user has enough interactions");
  }

  @Test
  void measuresDiversityByEmbeddingFromAVectorFile() throws IOException {
    StringBuilder csv = new StringBuilder("itemId,x,y\n");
    for (int i = 0; i < 12; i++) csv.append("i").append(i).append(',').append(Math.cos(i)).append(',').append(Math.sin(i)).append('\n');
    Path vectors = tmp.resolve("vectors.csv");
    Files.writeString(vectors, csv);
    assertThat(run("--data", data.toString(), "--baseline", "pop", "--embeddings", vectors.toString())).isZero();
    assertThat(out.toString()).contains("(embedding)");
  }

  @Test
  void rejectsAnUnknownBaselineAndSplit() {
    assertThat(run("--data", data.toString(), "--baseline", "ease")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown baseline 'ease'");
    assertThat(run("--data", data.toString(), "--baseline", "pop", "--split", "weekly")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown split 'weekly'");
  }

  @Test
  void namesAMissingRecsFileBeforeLoadingTheDataset() {
    Path missing = tmp.resolve("missing.csv");
    assertThat(run("--data", data.toString(), "--recs", missing.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("error: --recs: no such file: " + missing).doesNotContain("loading");
  }

  @Test
  void namesAMissingDataDirectoryAndAnOutputFolderThatDoesNotExist() {
    Path nowhere = tmp.resolve("nowhere");
    assertThat(run("--data", nowhere.toString(), "--baseline", "pop")).isEqualTo(1);
    assertThat(err.toString()).contains("error: no such file: " + nowhere);
    assertThat(run("--data", data.toString(), "--baseline", "pop", "--json", nowhere.resolve("r.json").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--json: the folder " + nowhere + " does not exist").doesNotContain("loading");
  }
}
