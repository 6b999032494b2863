package io.recsys.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.artifact.Fingerprint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRunnerTest {
  private static final ArtifactKind KIND = new ArtifactKind("embeddings");
  private static final Fingerprint DATA = Fingerprint.of("data-1".getBytes(StandardCharsets.UTF_8));

  @TempDir Path root;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final AtomicInteger runs = new AtomicInteger();

  private StageRunner runner(boolean force) {
    return new StageRunner(new ArtifactStore(root), "recsys train", "unknown", 3, force,
        new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
  }

  private StageBody body() {
    return (dir, progress) -> {
      runs.incrementAndGet();
      Files.writeString(dir.resolve("vectors.txt"), "v" + runs.get());
      progress.update(1, 1);
      return Map.of("hr@10", 0.25);
    };
  }

  @Test
  void secondRunWithUnchangedInputsIsSkippedAndReturnsTheSameVersion() {
    StageInputs inputs = new StageInputs(DATA, Map.of(), "dim=64");
    ArtifactVersion first = runner(false).run("embeddings", KIND, inputs, "iterations", body());
    StageRunner second = runner(false);
    ArtifactVersion again = second.run("embeddings", KIND, inputs, "iterations", body());

    assertThat(runs.get()).isEqualTo(1);
    assertThat(again.name()).isEqualTo(first.name());
    assertThat(second.rows().getFirst().status()).isEqualTo(StageRunner.Status.SKIPPED);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("skipped: inputs unchanged since " + first.name());
  }

  @Test
  void aChangedConfigurationUpstreamVersionOrDataTrainsAgain() {
    runner(false).run("embeddings", KIND, new StageInputs(DATA, Map.of(), "dim=64"), "it", body());
    runner(false).run("embeddings", KIND, new StageInputs(DATA, Map.of(), "dim=32"), "it", body());
    runner(false).run("embeddings", KIND, new StageInputs(DATA, Map.of("clusters", "v2"), "dim=32"), "it", body());
    Fingerprint other = Fingerprint.of("data-2".getBytes(StandardCharsets.UTF_8));
    runner(false).run("embeddings", KIND, new StageInputs(other, Map.of("clusters", "v2"), "dim=32"), "it", body());
    assertThat(runs.get()).isEqualTo(4);
  }

  @Test
  void forceTrainsEvenWhenNothingChanged() {
    StageInputs inputs = new StageInputs(DATA, Map.of(), "dim=64");
    runner(false).run("embeddings", KIND, inputs, "it", body());
    runner(true).run("embeddings", KIND, inputs, "it", body());
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void metricsTheStageReturnsReachTheManifestAndTheTable() {
    StageRunner r = runner(false);
    ArtifactVersion v = r.run("embeddings", KIND, new StageInputs(DATA, Map.of(), "dim=64"), "it", body());
    assertThat(v.manifest().metrics()).containsEntry("hr@10", 0.25);
    assertThat(v.manifest().trainingData()).isEqualTo(DATA);
    r.printTable();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("trained").contains("hr@10=0.2500");
  }
}
