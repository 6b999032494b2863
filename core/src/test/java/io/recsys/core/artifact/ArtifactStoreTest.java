package io.recsys.core.artifact;

import static io.recsys.core.artifact.ArtifactTestClock.START;
import io.recsys.testsupport.MutableClock;
import static io.recsys.core.artifact.Pair.KIND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactStoreTest {
  @TempDir(factory = MemoryTempDir.class) Path root;
  final MutableClock clock = new MutableClock(START);

  ArtifactStore store() {
    return new ArtifactStore(root, clock);
  }

  @Test
  void publishesAVersionAndReadsItBackWithItsManifest(@TempDir Path disk) throws IOException {
    Path root = disk.resolve("artifacts"); // a real disk (not tmpfs), created on the first publish
    ArtifactStore store = new ArtifactStore(root, clock);
    ArtifactVersion published = Pair.publish(store, 7);

    assertThat(published.name()).matches("20261204T160501Z-[0-9a-f]{8}");
    assertThat(published.path()).isEqualTo(root.resolve("embeddings").resolve(published.name()));
    assertThat(Files.readString(store.currentFile(KIND))).isEqualTo(published.name() + "\n");
    assertThat(store.versions(KIND)).containsExactly(published.name());

    ArtifactVersion read = store.current(KIND);
    assertThat(read).isEqualTo(published);
    ArtifactManifest m = read.manifest();
    assertThat(m.manifestSchema()).isEqualTo(ArtifactManifest.SCHEMA);
    assertThat(m.kind()).isEqualTo("embeddings");
    assertThat(m.version()).isEqualTo(published.name());
    assertThat(m.createdAt()).isEqualTo(START);
    assertThat(m.trainingData()).isEqualTo(Fingerprint.of("training data 7".getBytes(StandardCharsets.UTF_8)));
    assertThat(m.featureSchemaVersion()).isEqualTo(3);
    assertThat(m.command()).isEqualTo("test publish 7");
    assertThat(m.gitCommit()).isEqualTo("0123456789abcdef");
    assertThat(m.metrics()).containsExactly(Map.entry("n", 7.0));
    assertThat(m.files()).containsExactly(
        new ArtifactFile("a.txt", 2, Fingerprint.of("7\n".getBytes(StandardCharsets.UTF_8)).sha256()),
        new ArtifactFile("b/b.txt", 2, Fingerprint.of("7\n".getBytes(StandardCharsets.UTF_8)).sha256()));
    read.verify();
    assertThat(Pair.LOADER.load(read)).isEqualTo(new Pair(7, 7));
    assertThat(entries(store.kindDir(KIND))).containsExactlyInAnyOrder("CURRENT", published.name());
  }

  @Test
  void aVersionGivesItsSubfoldersAndItsFilesByRelativePath() {
    ArtifactStore store = store();
    ArtifactVersion v = store.publish(KIND, dir -> {
      Files.createDirectories(dir.resolve("index"));
      Files.writeString(dir.resolve("index/graph.bin"), "g");
      Files.writeString(dir.resolve("ids.txt"), "1");
    }, new ManifestInfo(Fingerprint.of(new byte[] {1}), 0, "test", "unknown"));
    assertThat(v.directory("index")).isEqualTo(v.path().resolve("index"));
    assertThat(v.file("index/graph.bin")).hasContent("g");
    assertThatThrownBy(() -> v.directory("ids.txt")).hasMessageContaining("no folder 'ids.txt'");
    assertThatThrownBy(() -> v.directory("missing")).hasMessageContaining("no folder 'missing'");
  }

  @Test
  void versionNamesFollowPublishOrderEvenWithinOneSecondOrWithAClockBehind() {
    ArtifactStore store = store();
    List<String> names = new ArrayList<>();
    for (int n = 0; n < 10; n++) names.add(Pair.publish(store, n).name());
    clock.advance(Duration.ofDays(1));
    names.add(Pair.publish(store, 10).name());
    clock.advance(Duration.ofDays(-2)); // a clock set back must not make the next version "older"
    names.add(Pair.publish(store, 11).name());

    assertThat(names).doesNotHaveDuplicates().isSorted();
    assertThat(names.subList(0, 10)).allMatch(n -> n.startsWith("20261204T160501Z-"));
    assertThat(names.get(10)).startsWith("20261205T160501Z-");
    assertThat(names.get(11)).startsWith("20261205T160501Z-");
    assertThat(store.versions(KIND)).isEqualTo(names);
    assertThat(store.current(KIND).name()).isEqualTo(names.get(11));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../ranker", "a/b", "a\\b", ".tmp-1234", "x..y", "/etc", "", " v1", "v1\n"})
  void refusesVersionNamesThatCouldLeaveTheKindFolder(String name) {
    ArtifactStore store = store();
    assertThatThrownBy(() -> store.version(KIND, name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid version name");
    assertThatThrownBy(() -> store.promote(KIND, name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid version name");
  }

  @Test
  void refusesACurrentThatNamesAPathOutsideTheKindFolder() throws IOException {
    ArtifactStore store = store();
    Pair.publish(store, 1);
    Files.writeString(store.currentFile(KIND), "../ranker\n");
    assertThatThrownBy(() -> store.current(KIND)).isInstanceOf(ArtifactException.class)
        .hasMessage(store.currentFile(KIND) + ": holds '../ranker', not a version name (one line: letters, digits,"
            + " '.', '_' and '-', no '..')");
    Files.writeString(store.currentFile(KIND), "  \n");
    assertThatThrownBy(() -> store.current(KIND)).hasMessageContaining("empty");
    assertThatThrownBy(() -> new ArtifactKind("../x")).hasMessageStartingWith("invalid artefact kind '../x'");
  }

  @Test
  void retentionKeepsTheNewestVersionsAndTheOneCurrentNamesEvenWhenItIsOlder() {
    ArtifactStore store = store();
    List<String> v = new ArrayList<>();
    for (int n = 0; n < 8; n++) v.add(Pair.publish(store, n).name());
    store.promote(KIND, v.get(1)); // a rollback: CURRENT is older than the newest three

    assertThat(store.retain(KIND, 3)).containsExactly(v.get(0), v.get(2), v.get(3), v.get(4));
    assertThat(store.versions(KIND)).containsExactly(v.get(1), v.get(5), v.get(6), v.get(7));
    assertThat(store.current(KIND).name()).isEqualTo(v.get(1));
    store.current(KIND).verify();

    store.promote(KIND, v.get(7));
    assertThat(store.retain(KIND, 1)).containsExactly(v.get(1), v.get(5), v.get(6));
    assertThat(store.versions(KIND)).containsExactly(v.get(7));
    assertThat(entries(store.kindDir(KIND))).containsExactlyInAnyOrder("CURRENT", v.get(7));
    assertThatThrownBy(() -> store.retain(KIND, 0)).hasMessage("keepNewest must be >= 1: 0");
  }

  @Test
  void retentionDeletesNothingWhenCurrentCannotBeRead() throws IOException {
    ArtifactStore store = store();
    for (int n = 0; n < 4; n++) Pair.publish(store, n);
    Files.writeString(store.currentFile(KIND), "not/a/version");
    assertThatThrownBy(() -> store.retain(KIND, 1)).isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith(store.currentFile(KIND) + ": holds 'not/a/version'");
    assertThat(store.versions(KIND)).hasSize(4);
  }

  @Test
  void leftoverTempFoldersAreNeverVersionsAndRetentionRemovesOnlyStaleOnes() throws IOException {
    ArtifactStore store = store();
    ArtifactVersion v = Pair.publish(store, 1);
    Path kindDir = store.kindDir(KIND);
    Path crashed = Files.createDirectory(kindDir.resolve(".tmp-0badc0de"));
    Files.writeString(crashed.resolve("a.txt"), "half a");
    Path crashedCurrent = Files.writeString(kindDir.resolve(".tmp-CURRENT-0badc0de"), "x");
    Path inProgress = Files.createDirectory(kindDir.resolve(".tmp-12345678"));
    Files.writeString(inProgress.resolve("a.txt"), "being written");
    setModified(crashed, clock.instant().minus(ArtifactStore.STALE_TEMP_AGE).minusSeconds(1));
    setModified(crashedCurrent, clock.instant().minus(Duration.ofDays(3)));
    setModified(inProgress, clock.instant().minus(Duration.ofHours(1)));

    assertThat(store.versions(KIND)).containsExactly(v.name());
    assertThat(store.current(KIND)).isEqualTo(v);
    assertThat(store.retain(KIND, 5)).isEmpty();
    assertThat(crashed).doesNotExist();
    assertThat(crashedCurrent).doesNotExist();
    assertThat(inProgress).isDirectory();
    assertThat(store.current(KIND)).isEqualTo(v);
  }

  @Test
  void aWriterThatFailsLeavesNoTraceAndCurrentUnchanged() {
    ArtifactStore store = store();
    ArtifactVersion v1 = Pair.publish(store, 1);
    ArtifactWriter failing = dir -> {
      Files.writeString(dir.resolve("a.txt"), "2\n");
      throw new IOException("disk full");
    };
    assertThatThrownBy(() -> store.publish(KIND, failing, Pair.info(2))).isInstanceOf(ArtifactException.class)
        .hasMessageContaining("the writer failed: java.io.IOException: disk full");
    assertThatThrownBy(() -> store.publish(KIND, dir -> Files.writeString(dir.resolve("manifest.json"), "{}"),
        Pair.info(2))).hasMessageContaining("a name the store keeps for the manifest");
    assertThatThrownBy(() -> store.publish(KIND, dir -> Files.createDirectories(dir.resolve("empty")), Pair.info(2)))
        .hasMessageContaining("the writer wrote no file");
    assertThatThrownBy(() -> store.publish(KIND, dir -> {
      Files.writeString(dir.resolve("a.txt"), "2\n");
      Files.createSymbolicLink(dir.resolve("b.txt"), dir.resolve("a.txt"));
    }, Pair.info(2))).hasMessageContaining("b.txt: not a regular file");

    assertThat(store.versions(KIND)).containsExactly(v1.name());
    assertThat(store.current(KIND)).isEqualTo(v1);
    assertThat(entries(store.kindDir(KIND))).containsExactlyInAnyOrder("CURRENT", v1.name());
  }

  @Test
  void aTruncatedFileFailsTheCheapCheckAndACorruptedOneFailsVerification() throws IOException {
    ArtifactStore store = store();
    ArtifactVersion v = Pair.publish(store, 7);
    Path a = v.file("a.txt");
    Path b = v.file("b/b.txt");
    try (FileChannel ch = FileChannel.open(a, StandardOpenOption.WRITE)) {
      ch.truncate(1);
    }
    assertThatThrownBy(() -> store.version(KIND, v.name())).isInstanceOf(ArtifactException.class)
        .hasMessage(a + ": 1 bytes, the manifest says 2 (truncated or replaced)")
        .extracting(e -> ((ArtifactException) e).path()).isEqualTo(a);

    Files.writeString(a, "7\n");
    Files.writeString(b, "8\n"); // same size, other bytes
    ArtifactVersion sameSizes = store.version(KIND, v.name());
    assertThatThrownBy(sameSizes::verify).isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith(b + ": SHA-256 ").hasMessageEndingWith("(corrupt)");

    Files.delete(b);
    assertThatThrownBy(() -> store.version(KIND, v.name()))
        .hasMessage(b + ": missing (the manifest lists it)");
  }

  @Test
  void promoteRollsBackToAnOlderVersionButRefusesOneThatDoesNotVerify() throws IOException {
    ArtifactStore store = store();
    ArtifactVersion v1 = Pair.publish(store, 1);
    ArtifactVersion v2 = Pair.publish(store, 2);
    assertThat(store.promote(KIND, v1.name())).isEqualTo(v1);
    assertThat(store.current(KIND)).isEqualTo(v1);

    Files.writeString(v2.file("a.txt"), "9\n");
    assertThatThrownBy(() -> store.promote(KIND, v2.name())).isInstanceOf(ArtifactException.class)
        .hasMessageContaining("(corrupt)");
    String missing = "20270101T000000Z-00000000";
    assertThatThrownBy(() -> store.promote(KIND, missing))
        .hasMessage(store.kindDir(KIND).resolve(missing) + ": missing; no version " + missing + " of embeddings");
    assertThat(store.current(KIND)).isEqualTo(v1);
  }

  @Test
  void aVersionFolderCopiedUnderAnotherNameIsRefused() throws IOException {
    ArtifactStore store = store();
    ArtifactVersion v = Pair.publish(store, 1);
    Path copy = Files.createDirectories(store.kindDir(KIND).resolve("copy"));
    try (Stream<Path> files = Files.walk(v.path())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(v.path().relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    assertThatThrownBy(() -> store.version(KIND, "copy")).isInstanceOf(ArtifactException.class)
        .hasMessage(copy.resolve("manifest.json") + ": describes embeddings/" + v.name()
            + ", not embeddings/copy (a copied or renamed folder?)");
  }

  static List<String> entries(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void setModified(Path p, Instant at) throws IOException {
    Files.setLastModifiedTime(p, FileTime.from(at));
  }
}
