package io.recsys.core.synthetic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.synthetic.GroundTruth;
import io.recsys.core.synthetic.SizePreset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
  @TempDir
  Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = GenerateCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void writesTheDatasetWithOverridesAndPrintsASummary() throws IOException {
    Path dir = tmp.resolve("data");
    int exit = run("--out", dir.toString(), "--size", "tiny", "--items", "120", "--users", "30", "--events",
        "1500", "--topics", "5", "--dim", "6", "--seed", "7");

    assertThat(exit).as(err.toString()).isZero();
    GroundTruth truth = GroundTruth.load(dir);
    assertThat(truth.config()).isEqualTo(SizePreset.TINY.config().withItems(120).withUsers(30).withEvents(1500)
        .withTopics(5).withDim(6).withSeed(7));
    assertThat(Files.readAllLines(dir.resolve("events.csv"))).hasSize(1501);
    assertThat(out.toString()).contains("generated 1,500 events (30 users, 120 items,")
        .contains("impressions " + String.format("%,d", truth.manifest().counts().impressions()))
        .contains("events/s").contains("peak heap");
    assertThat(err.toString()).contains("generate: tiny preset, 120 items, 30 users, 1,500 events")
        .contains("1,500 / 1,500 events (100%)");
  }

  @Test
  void sameArgumentsGiveTheSameEventsAndTheDefaultSeedIs42() throws IOException {
    assertThat(run("--out", tmp.resolve("a").toString(), "--size", "tiny")).isZero();
    assertThat(run("--out", tmp.resolve("b").toString(), "--size", "TINY", "--seed", "42")).isZero();
    assertThat(Files.readAllBytes(tmp.resolve("b/events.csv"))).isEqualTo(Files.readAllBytes(tmp.resolve("a/events.csv")));
    assertThat(GroundTruth.load(tmp.resolve("a")).config().seed()).isEqualTo(42);
  }

  @Test
  void refusesANonEmptyOutputDirectoryUnlessForced() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Path precious = Files.writeString(dir.resolve("notes.txt"), "keep me");

    int exit = run("--out", dir.toString(), "--size", "tiny");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("error: --out " + dir + " is not empty (use --force to overwrite)");
    assertThat(dir.resolve("events.csv")).doesNotExist();

    assertThat(run("--out", dir.toString(), "--size", "tiny", "--force")).isZero();
    assertThat(dir.resolve("events.csv")).exists();
    assertThat(precious).hasContent("keep me");
  }

  @Test
  void overridesApplyTogetherSoMoreUsersThanThePresetsEventsAreFineWithMoreEvents() throws IOException {
    Path dir = tmp.resolve("data");
    assertThat(run("--out", dir.toString(), "--size", "tiny", "--users", "6000", "--events", "7000")).as(err.toString())
        .isZero();
    assertThat(GroundTruth.load(dir).userCount()).isEqualTo(6000);
  }

  @Test
  void anEmptyExistingDirectoryIsFine() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    assertThat(run("--out", dir.toString(), "--size", "tiny")).isZero();
  }

  @Test
  void impossibleSizesAreOneErrorLineAndExitCodeOne() {
    int exit = run("--out", tmp.resolve("x").toString(), "--size", "tiny", "--items", "5", "--topics", "10");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("error: items (5) must be >= topics (10)");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void anOutputPathThatIsAFileIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThat(run("--out", file.toString(), "--size", "tiny")).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: --out " + file + " exists and is not a directory");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run("--size", "tiny")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--out=DIR'");
    err.getBuffer().setLength(0);
    assertThat(run("--out", tmp.toString(), "--size", "huge")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown size 'huge' (expected tiny, small, medium or large)");
  }

  @Test
  void helpListsTheOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--out=DIR", "--size=SIZE", "--items", "--users", "--events", "--topics",
        "--dim", "--seed", "--force");
  }
}
