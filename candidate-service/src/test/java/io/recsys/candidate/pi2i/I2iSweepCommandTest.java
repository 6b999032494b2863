package io.recsys.candidate.pi2i;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.core.dataset.CanonicalDatasetWriter;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class I2iSweepCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = I2iSweepCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  /** The generated world written as generic events. */
  private Path writeDataset() throws IOException {
    Path data = tmp.resolve("data");
    Generated world = new Generated(61, 80, 60, 3, 15, 0.8);
    try (CanonicalDatasetWriter w = new CanonicalDatasetWriter(data)) {
      for (int u = 0; u < world.sequences.userCount(); u++) {
        for (int p = 0; p < world.sequences.length(u); p++) {
          w.interaction(new Interaction("u" + u, "i" + world.sequences.item(u, p), InteractionType.CLICK, 1,
              world.sequences.timestamp(u, p)));
        }
      }
    }
    return data;
  }

  @Test
  void printsTheCurveAndItsKnee() throws IOException {
    Path data = writeDataset();
    assertThat(run("--data", data.toString(), "--method", "cooccurrence", "--lengths", "20,5,10", "--triggers", "3",
        "--tolerance", "0.02", "--threads", "2")).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.getFirst()).contains("method cooccurrence", "3 triggers", "leave-last-out", "80 test users");
    assertThat(lines.get(1)).contains("N", "HitRate@N", "entries", "mean candidates", "build ms");
    assertThat(lines.get(2)).startsWith("     5 |");
    assertThat(lines.get(4)).startsWith("    20 |");
    assertThat(lines.getLast()).startsWith("knee: N = ").contains("within 0.020");
    double hr5 = Double.parseDouble(lines.get(2).split("\\|")[1].trim());
    double hr20 = Double.parseDouble(lines.get(4).split("\\|")[1].trim());
    assertThat(hr20).isGreaterThanOrEqualTo(hr5).isPositive();
  }

  @Test
  void badRowsAreReportedAsFileAndLineWithExitOne() throws IOException {
    Path data = tmp.resolve("bad");
    Files.createDirectories(data);
    Files.writeString(data.resolve("events.csv"), "userId,itemId,type,timestamp\nu1,i1,click,1000\nu1,i2,click,soon\n");
    assertThat(run("--data", data.toString())).isEqualTo(CliErrorHandler.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("error: " + data.resolve("events.csv") + ":3:");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badArgumentsFailBeforeLoading() throws IOException {
    Path data = writeDataset();
    assertThat(run("--data", data.toString(), "--lengths", "10,10")).isEqualTo(CliErrorHandler.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("--lengths").doesNotContain("loading");
    assertThat(run("--data", data.toString(), "--method", "jaccard")).isEqualTo(CliErrorHandler.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("swing or cooccurrence");
    assertThat(run("--data", tmp.resolve("missing").toString())).isEqualTo(CliErrorHandler.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("no such file");
  }
}
