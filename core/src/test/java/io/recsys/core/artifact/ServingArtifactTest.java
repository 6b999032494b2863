package io.recsys.core.artifact;

import static io.recsys.core.artifact.ArtifactTestClock.START;
import io.recsys.testsupport.MutableClock;
import static io.recsys.core.artifact.Pair.KIND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class ServingArtifactTest {
  @TempDir(factory = MemoryTempDir.class) Path root;
  final MutableClock clock = new MutableClock(START);
  final List<ArtifactEvent> events = new CopyOnWriteArrayList<>();
  ArtifactStore store;

  @BeforeEach
  void openStore() {
    store = new ArtifactStore(root, clock);
  }

  ServingArtifact<Pair> serve(ArtifactLoader<Pair> loader) {
    ServingArtifact<Pair> serving = ServingArtifact.open(store, KIND, loader);
    serving.onEvent(events::add);
    return serving;
  }

  // --- start-up ---------------------------------------------------------------------------------------

  @Test
  void startupFailsNamingCurrentWhenNothingWasPublished() {
    assertThatThrownBy(() -> ServingArtifact.open(store, KIND, Pair.LOADER)).isInstanceOf(ArtifactException.class)
        .hasMessage(store.currentFile(KIND) + ": missing; nothing to serve for embeddings (publish a version first)");
  }

  @Test
  void startupFailsNamingTheFolderOfAMissingVersion() throws IOException {
    Pair.publish(store, 1);
    String gone = "20261101T000000Z-0000abcd";
    Files.writeString(store.currentFile(KIND), gone + "\n");
    assertThatThrownBy(() -> ServingArtifact.open(store, KIND, Pair.LOADER)).isInstanceOf(ArtifactException.class)
        .hasMessage(store.kindDir(KIND).resolve(gone) + ": missing; no version " + gone + " of embeddings");
  }

  @Test
  void startupFailsNamingTheTruncatedFileOfACorruptVersion() throws IOException {
    ArtifactVersion v = Pair.publish(store, 12);
    truncate(v.file("b/b.txt"), 1);
    assertThatThrownBy(() -> ServingArtifact.open(store, KIND, Pair.LOADER)).isInstanceOf(ArtifactException.class)
        .hasMessage(v.file("b/b.txt") + ": 1 bytes, the manifest says 3 (truncated or replaced)");
  }

  @Test
  void startupFailsNamingTheVersionItsLoaderRefuses() {
    ArtifactVersion v = store.publish(KIND, Pair.writer(5, 6), Pair.info(5));
    assertThatThrownBy(() -> ServingArtifact.open(store, KIND, Pair.CHECKING_LOADER))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(v.path() + ": refused by the loader: a.txt says 5 but b/b.txt says 6");
  }

  // --- swaps --------------------------------------------------------------------------------------------

  @Test
  void swapsOnRefreshWhileARequestKeepsTheVersionItStartedWith() {
    ArtifactVersion v1 = Pair.publish(store, 1);
    ServingArtifact<Pair> serving = serve(Pair.LOADER);
    LoadedArtifact<Pair> inFlight = serving.current();
    assertThat(serving.refresh()).isEmpty(); // CURRENT unchanged

    ArtifactVersion v2 = Pair.publish(store, 2);
    clock.advance(Duration.ofSeconds(3));
    Optional<ArtifactEvent> event = serving.refresh();

    assertThat(event).get().isInstanceOfSatisfying(ArtifactEvent.Swapped.class, s -> {
      assertThat(s.kind()).isEqualTo(KIND);
      assertThat(s.from()).isEqualTo(v1.name());
      assertThat(s.to()).isEqualTo(v2.name());
      assertThat(s.at()).isEqualTo(START.plusSeconds(3));
    });
    assertThat(inFlight.version()).isEqualTo(v1);
    assertThat(inFlight.value()).isEqualTo(new Pair(1, 1));
    assertThat(serving.current().version()).isEqualTo(v2);
    assertThat(serving.current().value()).isEqualTo(new Pair(2, 2));
    assertThat(serving.metrics()).isEqualTo(new SwapMetrics(1, 0));
    assertThat(events).containsExactly(event.get());
    assertThat(serving.refresh()).isEmpty();
    assertThat(events).hasSize(1);
  }

  @Test
  void refusesATruncatedFileAndKeepsServingTheOldVersion() throws IOException {
    ArtifactVersion v1 = Pair.publish(store, 1);
    ServingArtifact<Pair> serving = serve(Pair.LOADER);
    ArtifactVersion v2 = Pair.publish(store, 22);
    truncate(v2.file("a.txt"), 2);

    Optional<ArtifactEvent> event = serving.refresh();

    assertThat(event).get().isInstanceOfSatisfying(ArtifactEvent.Refused.class, r -> {
      assertThat(r.version()).isEqualTo(v2.name());
      assertThat(r.reason()).isEqualTo(v2.file("a.txt") + ": 2 bytes, the manifest says 3 (truncated or replaced)");
    });
    assertThat(serving.current().version()).isEqualTo(v1);
    assertThat(serving.current().value()).isEqualTo(new Pair(1, 1));
    assertThat(serving.metrics()).isEqualTo(new SwapMetrics(0, 1));
    assertThat(events).containsExactly(event.get());

    assertThat(serving.refresh()).as("a refused version is refused once, not on every poll").isEmpty();
    assertThat(serving.metrics()).isEqualTo(new SwapMetrics(0, 1));

    ArtifactVersion v3 = Pair.publish(store, 3);
    assertThat(serving.refresh()).get().isInstanceOf(ArtifactEvent.Swapped.class);
    assertThat(serving.current().version()).isEqualTo(v3);
    assertThat(serving.metrics()).isEqualTo(new SwapMetrics(1, 1));
  }

  @Test
  void refusesAManifestOfAnotherSchemaVersionAndKeepsServing() throws IOException {
    ArtifactVersion v1 = Pair.publish(store, 1);
    ServingArtifact<Pair> serving = serve(Pair.LOADER);
    ArtifactVersion v2 = Pair.publish(store, 2);
    Path manifest = v2.path().resolve("manifest.json");
    ObjectNode m = (ObjectNode) ArtifactManifest.JSON.readTree(Files.readString(manifest));
    Files.writeString(manifest, ArtifactManifest.JSON.writeValueAsString(m.put("manifestSchema", 2)));

    assertThat(serving.refresh()).get().isInstanceOfSatisfying(ArtifactEvent.Refused.class, r ->
        assertThat(r.reason()).isEqualTo(manifest + ": manifestSchema 2 is not supported (this build reads 1)"));
    assertThat(serving.current().version()).isEqualTo(v1);
    assertThat(serving.metrics().refusals()).isEqualTo(1);
  }

  @Test
  void refusesAFileCorruptedInPlaceByItsChecksum() throws IOException {
    ArtifactVersion v1 = Pair.publish(store, 1);
    ServingArtifact<Pair> serving = serve(Pair.LOADER);
    ArtifactVersion v2 = Pair.publish(store, 2);
    Files.writeString(v2.file("b/b.txt"), "3\n"); // same size: only the checksum tells

    assertThat(serving.refresh()).get().isInstanceOfSatisfying(ArtifactEvent.Refused.class, r ->
        assertThat(r.reason()).startsWith(v2.file("b/b.txt") + ": SHA-256 ").endsWith("(corrupt)"));
    assertThat(serving.current().version()).isEqualTo(v1);
  }

  @Test
  void refusesAVersionItsLoaderFindsInvalid() {
    ArtifactVersion v1 = Pair.publish(store, 1);
    ServingArtifact<Pair> serving = serve(Pair.CHECKING_LOADER);
    ArtifactVersion bad = store.publish(KIND, Pair.writer(5, 6), Pair.info(5));

    assertThat(serving.refresh()).get().isInstanceOfSatisfying(ArtifactEvent.Refused.class, r -> {
      assertThat(r.version()).isEqualTo(bad.name());
      assertThat(r.reason()).isEqualTo(bad.path() + ": refused by the loader: a.txt says 5 but b/b.txt says 6");
    });
    assertThat(serving.current().version()).isEqualTo(v1);
    assertThat(serving.metrics()).isEqualTo(new SwapMetrics(0, 1));
  }

  @Test
  void keepsServingWhenCurrentDisappearsAndSwapsOnceItNamesANewVersion() throws IOException {
    ArtifactVersion v1 = Pair.publish(store, 1);
    ServingArtifact<Pair> serving = serve(Pair.LOADER);
    Files.delete(store.currentFile(KIND));

    assertThat(serving.refresh()).get().isInstanceOfSatisfying(ArtifactEvent.Refused.class, r -> {
      assertThat(r.version()).isNull();
      assertThat(r.reason()).isEqualTo(store.currentFile(KIND) + ": missing; keeping " + v1.name());
    });
    assertThat(serving.refresh()).isEmpty();
    assertThat(serving.current().version()).isEqualTo(v1);

    ArtifactVersion v2 = Pair.publish(store, 2);
    assertThat(serving.refresh()).get().isInstanceOf(ArtifactEvent.Swapped.class);
    assertThat(serving.current().version()).isEqualTo(v2);
    assertThat(serving.metrics()).isEqualTo(new SwapMetrics(1, 1));
  }

  @Test
  void swapsBackWhenCurrentIsRolledBackToAnOlderVersion() {
    ArtifactVersion v1 = Pair.publish(store, 1);
    ServingArtifact<Pair> serving = serve(Pair.LOADER);
    Pair.publish(store, 2);
    serving.refresh();
    store.promote(KIND, v1.name());
    assertThat(serving.refresh()).get().isInstanceOf(ArtifactEvent.Swapped.class);
    assertThat(serving.current().value()).isEqualTo(new Pair(1, 1));
  }

  @Test
  void aListenerThatThrowsNeitherStopsTheSwapNorTheOtherListeners() {
    Pair.publish(store, 1);
    ServingArtifact<Pair> serving = ServingArtifact.open(store, KIND, Pair.LOADER);
    serving.onEvent(e -> {
      throw new IllegalStateException("broken listener");
    });
    serving.onEvent(events::add);
    ArtifactVersion v2 = Pair.publish(store, 2);
    serving.refresh();
    assertThat(serving.current().version()).isEqualTo(v2);
    assertThat(events).singleElement().isInstanceOf(ArtifactEvent.Swapped.class);
  }

  @Test
  void pollsCurrentOnItsOwnThreadUntilClosed() throws InterruptedException {
    Pair.publish(store, 1);
    ServingArtifact<Pair> serving = ServingArtifact.open(store, KIND, Pair.LOADER);
    CountDownLatch swapped = new CountDownLatch(1);
    serving.onEvent(e -> {
      if (e instanceof ArtifactEvent.Swapped) swapped.countDown();
    });
    serving.start(Duration.ofMillis(5));
    assertThatThrownBy(() -> serving.start(Duration.ofMillis(5))).isInstanceOf(IllegalStateException.class)
        .hasMessage("already polling embeddings");
    ArtifactVersion v2 = Pair.publish(store, 2);

    assertThat(swapped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(serving.current().version()).isEqualTo(v2);
    serving.close();
    assertThatThrownBy(() -> serving.start(Duration.ofMillis(5))).hasMessage("closed: embeddings");
    assertThat(serving.current().version()).isEqualTo(v2);
  }

  static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }
}
