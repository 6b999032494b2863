package io.recsys.candidate.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.candidate.model.CandidateArtifacts;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.model.CandidateModelLoader;
import io.recsys.candidate.testing.PlantedData;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.cli.CliErrorHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private Run train(Path data, Path artifacts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TrainCommand cmd = new TrainCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
    StringWriter err = new StringWriter();
    CommandLine cli = CliErrorHandler.commandLine(cmd);
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("--data", data.toString(), "--out", artifacts.toString(), "--no-feature-store",
        "--training-candidates", "20");
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void publishesEveryStageThenSkipsThemAllWhenNothingChanged() throws Exception {
    Path data = tmp.resolve("data");
    PlantedData.standard().writeCsv(data);
    Path artifacts = tmp.resolve("artifacts");

    Run first = train(data, artifacts);
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    for (String stage : new String[] {"embeddings", "clusters", "mixtures", "ann-index", "i2i", "pi2i-scorer", "popularity",
        "candidate-bundle", "training-candidates"}) {
      assertThat(first.out()).containsPattern("(?m)^" + stage + " +trained ");
    }
    ArtifactStore store = new ArtifactStore(artifacts);
    String bundle = store.currentName(CandidateArtifacts.BUNDLE).orElseThrow();

    Run second = train(data, artifacts);
    assertThat(second.exit()).isZero();
    assertThat(second.out()).doesNotContainPattern("(?m)^\\S+ +trained ");
    assertThat(second.out()).contains("candidate-bundle     skipped: inputs unchanged since " + bundle);
    assertThat(store.currentName(CandidateArtifacts.BUNDLE)).contains(bundle);

    // The published bundle loads into a servable model of the whole catalogue.
    try (CandidateModel model = new CandidateModelLoader(store).load(store.current(CandidateArtifacts.BUNDLE))) {
      assertThat(model.catalog().size()).isEqualTo(4 * 40);
      assertThat(model.version()).isEqualTo(bundle);
    }
    // Training candidates: a header and lines with labels.
    Path tc = store.current(CandidateArtifacts.TRAINING_CANDIDATES).file(CandidateArtifacts.TRAINING_CANDIDATES_FILE);
    assertThat(Files.size(tc)).isPositive();
  }

  @Test
  void aChangedDatasetRetrainsFromTheFirstStage() throws Exception {
    Path data = tmp.resolve("data");
    PlantedData.standard().writeCsv(data);
    Path artifacts = tmp.resolve("artifacts");
    assertThat(train(data, artifacts).exit()).isZero();
    new PlantedData(4, 40, 300, 25, 8).writeCsv(data);
    Run again = train(data, artifacts);
    assertThat(again.exit()).isZero();
    assertThat(again.out()).containsPattern("(?m)^embeddings +trained ");
  }

  @Test
  void badDataIsReportedWithFileAndLineAndNoStackTrace() throws Exception {
    Path data = tmp.resolve("bad");
    Files.createDirectories(data);
    Files.writeString(data.resolve("events.csv"), "userId,itemId,type,timestamp\nu1,i1,click,2024-01-01T00:00:00Z\nu1,i2,click,yesterday\n");
    Run r = train(data, tmp.resolve("artifacts"));
    assertThat(r.exit()).isEqualTo(CliErrorHandler.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("events.csv:3").doesNotContain("\tat ");
  }
}
