package io.recsys.core.artifact;

import static io.recsys.core.artifact.ArtifactTestClock.START;
import io.recsys.testsupport.MutableClock;
import static io.recsys.core.artifact.Pair.KIND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ArtifactManifestTest {
  @TempDir(factory = MemoryTempDir.class) Path root;
  ArtifactStore store;

  @BeforeEach
  void openStore() {
    store = new ArtifactStore(root, new MutableClock(START));
  }

  @Test
  void writesTheDocumentedFieldsInOrderAsPlainJson() throws IOException {
    ArtifactVersion v = Pair.publish(store, 7);
    JsonNode json = ArtifactManifest.JSON.readTree(Files.readString(v.path().resolve("manifest.json")));
    List<String> fields = new ArrayList<>(json.propertyNames());
    assertThat(fields).containsExactly("manifestSchema", "kind", "version", "createdAt", "trainingDataFingerprint",
        "featureSchemaVersion", "command", "gitCommit", "metrics", "files");
    assertThat(json.get("manifestSchema").intValue()).isEqualTo(1);
    assertThat(json.get("createdAt").stringValue()).isEqualTo("2026-12-04T16:05:01Z");
    assertThat(json.get("trainingDataFingerprint").stringValue()).matches("sha256:[0-9a-f]{64}");
    assertThat(json.get("metrics").get("n").doubleValue()).isEqualTo(7.0);
    assertThat(json.get("files").get(1).get("path").stringValue()).isEqualTo("b/b.txt");
    assertThat(json.get("files").get(1).get("size").longValue()).isEqualTo(2);
    assertThat(ArtifactManifest.read(v.path().resolve("manifest.json"))).isEqualTo(v.manifest());
  }

  @Test
  void refusesAManifestOfAnotherSchemaVersion() throws IOException {
    ArtifactVersion v = Pair.publish(store, 7);
    Path manifest = v.path().resolve("manifest.json");
    edit(manifest, m -> m.put("manifestSchema", 2));
    assertThatThrownBy(() -> store.version(KIND, v.name())).isInstanceOf(ArtifactException.class)
        .hasMessage(manifest + ": manifestSchema 2 is not supported (this build reads 1)");
    edit(manifest, m -> m.remove("manifestSchema"));
    assertThatThrownBy(() -> store.version(KIND, v.name()))
        .hasMessage(manifest + ": no integer manifestSchema; not a manifest this build can read");
  }

  @Test
  void refusesATruncatedManifest() throws IOException {
    ArtifactVersion v = Pair.publish(store, 7);
    Path manifest = v.path().resolve("manifest.json");
    byte[] bytes = Files.readAllBytes(manifest);
    Files.write(manifest, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> store.version(KIND, v.name())).isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith(manifest + ": not JSON (truncated?)");
    Files.delete(manifest);
    assertThatThrownBy(() -> store.version(KIND, v.name()))
        .hasMessageStartingWith(manifest + ": missing; a version without a manifest is incomplete");
  }

  @Test
  void refusesAManifestWhoseFilesLeaveTheVersionFolderOrAreMissingFields() throws IOException {
    ArtifactVersion v = Pair.publish(store, 7);
    Path manifest = v.path().resolve("manifest.json");
    edit(manifest, m -> ((ObjectNode) m.get("files").get(0)).put("path", "../../ranker/CURRENT"));
    assertThatThrownBy(() -> store.version(KIND, v.name())).isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith(manifest + ": malformed manifest: ")
        .hasMessageContaining("file path must not have an empty, '.' or '..' segment: ../../ranker/CURRENT");
    edit(manifest, m -> {
      ((ObjectNode) m.get("files").get(0)).put("path", "a.txt");
      m.remove("gitCommit");
    });
    assertThatThrownBy(() -> store.version(KIND, v.name()))
        .hasMessageStartingWith(manifest + ": malformed manifest: ").hasMessageContaining("gitCommit");
    edit(manifest, m -> {
      m.put("gitCommit", "abc");
      ((ObjectNode) m.get("files").get(1)).remove("size");
    });
    assertThatThrownBy(() -> store.version(KIND, v.name()))
        .hasMessageStartingWith(manifest + ": malformed manifest: ").hasMessageContaining("'size'");
  }

  @Test
  void manifestInfoRefusesWhatAManifestCouldNotHold() {
    Fingerprint fp = Fingerprint.of(new byte[0]);
    assertThatThrownBy(() -> new ManifestInfo(fp, 1, "train", "abc", Map.of("auc", Double.NaN)))
        .hasMessage("metric auc must be a finite number: NaN");
    assertThatThrownBy(() -> new ManifestInfo(fp, -1, "train", "abc")).hasMessage("featureSchemaVersion must be >= 0: -1");
    assertThatThrownBy(() -> new ManifestInfo(fp, 1, " ", "abc")).hasMessage("command must not be blank");
    assertThat(new ManifestInfo(fp, 1, "train", "abc", Map.of("b", 2.0, "a", 1.0)).metrics().keySet())
        .containsExactly("a", "b");
  }

  private static void edit(Path manifest, Consumer<ObjectNode> change) throws IOException {
    ObjectNode m = (ObjectNode) ArtifactManifest.JSON.readTree(Files.readString(manifest));
    change.accept(m);
    Files.writeString(manifest, ArtifactManifest.JSON.writeValueAsString(m));
  }
}
