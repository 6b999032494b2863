package io.recsys.starter.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.artifact.Fingerprint;
import io.recsys.core.artifact.ManifestInfo;
import io.recsys.core.artifact.ServingArtifact;
import io.recsys.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A served artefact's swaps, refusals and age as the service's metrics show them. */
class ArtifactMetersTest {
  @TempDir Path root;

  private static ManifestInfo info() {
    return new ManifestInfo(Fingerprint.of(new byte[] {1}), 1, "test", "none");
  }

  private static ArtifactVersion publish(ArtifactStore store, String text) {
    return store.publish(ArtifactKind.RANKER, dir -> Files.writeString(dir.resolve("model.txt"), text), info());
  }

  @Test
  void swapsRefusalsAndTheServingVersionsCreationTimeAreMeters() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    ArtifactStore store = new ArtifactStore(root, clock);
    publish(store, "v1");
    try (ServingArtifact<String> served = ServingArtifact.open(store, ArtifactKind.RANKER, v -> Files.readString(v.file("model.txt")))) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new ArtifactMeters(served).bindTo(registry);
      assertThat(registry.get("recsys.artifact.version.created").tag("kind", "ranker").gauge().value())
          .isEqualTo(Instant.parse("2026-12-04T10:00:00Z").getEpochSecond());

      clock.advance(Duration.ofHours(1));
      publish(store, "v2");
      served.refresh();
      clock.advance(Duration.ofHours(1));
      ArtifactVersion broken = publish(store, "v3 is longer");
      Files.writeString(broken.file("model.txt"), "v3"); // truncated after publishing: refused
      served.refresh();

      assertThat(served.current().value()).isEqualTo("v2");
      assertThat(registry.get("recsys.artifact.swaps").tag("kind", "ranker").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("recsys.artifact.refusals").tag("kind", "ranker").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("recsys.artifact.version.created").tag("kind", "ranker").gauge().value())
          .isEqualTo(Instant.parse("2026-12-04T11:00:00Z").getEpochSecond());
    }
  }
}
