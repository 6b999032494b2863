package io.recsys.core.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code manifest.json} of a version: what it is, where it came from and which files it holds. The
 * store writes it last, after every file is complete and flushed; its presence and its per-file sizes
 * and SHA-256 checksums are what a reader trusts. A manifest of another {@link #manifestSchema} than
 * {@link #SCHEMA} is refused rather than half understood. Immutable, thread-safe.
 *
 * @param manifestSchema the format of this file; always {@link #SCHEMA} once constructed
 * @param kind the artefact kind ({@link ArtifactKind#name()})
 * @param version the version name, equal to its folder name
 * @param createdAt when the store published it (ISO-8601 in the file)
 * @param trainingDataFingerprint {@code sha256:<hex>} of the training data ({@link Fingerprint})
 * @param featureSchemaVersion the feature schema it reads or writes; 0 when none
 * @param command the command line that produced it
 * @param gitCommit the commit of the code that produced it, or {@link ManifestInfo#UNKNOWN_COMMIT}
 * @param metrics offline metrics, sorted by name
 * @param files every file of the version but the manifest, sorted by path, at least one
 */
public record ArtifactManifest(int manifestSchema, String kind, String version, Instant createdAt,
    String trainingDataFingerprint, int featureSchemaVersion, String command, String gitCommit,
    Map<String, Double> metrics, List<ArtifactFile> files) {
  /** The manifest format this build writes and reads. */
  public static final int SCHEMA = 1;
  public static final String FILE_NAME = "manifest.json";

  /** Every field required (a missing number is not read as 0); unknown fields are ignored. */
  static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

  public ArtifactManifest {
    if (manifestSchema != SCHEMA) {
      throw new IllegalArgumentException("manifestSchema " + manifestSchema + " is not supported (this build reads "
          + SCHEMA + ")");
    }
    new ArtifactKind(kind);
    ArtifactVersion.requireValidName(version);
    Objects.requireNonNull(createdAt, "createdAt");
    Fingerprint.parse(trainingDataFingerprint);
    if (featureSchemaVersion < 0) {
      throw new IllegalArgumentException("featureSchemaVersion must be >= 0: " + featureSchemaVersion);
    }
    ManifestInfo.requireText(command, "command");
    ManifestInfo.requireText(gitCommit, "gitCommit");
    metrics = ManifestInfo.checkedMetrics(metrics);
    Objects.requireNonNull(files, "files");
    if (files.isEmpty()) throw new IllegalArgumentException("a version holds at least one file");
    List<ArtifactFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(ArtifactFile::path));
    Set<String> seen = new HashSet<>();
    for (ArtifactFile f : sorted) {
      Objects.requireNonNull(f, "file");
      if (!seen.add(f.path())) throw new IllegalArgumentException("file listed twice: " + f.path());
    }
    files = List.copyOf(sorted);
  }

  /** The manifest the store writes for a new version. */
  static ArtifactManifest of(ArtifactKind kind, String version, Instant createdAt, ManifestInfo info,
      List<ArtifactFile> files) {
    return new ArtifactManifest(SCHEMA, kind.name(), version, createdAt, info.trainingData().toString(),
        info.featureSchemaVersion(), info.command(), info.gitCommit(), info.metrics(), files);
  }

  /** The fingerprint of the training data. */
  public Fingerprint trainingData() {
    return Fingerprint.parse(trainingDataFingerprint);
  }

  /** Pretty-printed JSON, UTF-8. */
  public byte[] toJson() {
    return JSON.writeValueAsBytes(this);
  }

  /**
   * Reads and checks {@code manifest.json}: present, JSON, of schema {@link #SCHEMA}, every field
   * valid.
   *
   * @throws ArtifactException naming the file otherwise
   */
  public static ArtifactManifest read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ArtifactException(file, "missing; a version without a manifest is incomplete or not a version", e);
    } catch (IOException e) {
      throw new ArtifactException(file, "cannot read it: " + e, e);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new ArtifactException(file, "not JSON (truncated?): " + e.getOriginalMessage(), e);
    }
    JsonNode schema = tree == null ? null : tree.get("manifestSchema");
    if (schema == null || !schema.isIntegralNumber()) {
      throw new ArtifactException(file, "no integer manifestSchema; not a manifest this build can read");
    }
    if (!schema.canConvertToInt() || schema.intValue() != SCHEMA) {
      throw new ArtifactException(file, "manifestSchema " + schema + " is not supported (this build reads " + SCHEMA
          + ")");
    }
    try {
      return JSON.treeToValue(tree, ArtifactManifest.class);
    } catch (JacksonException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String why = cause == e ? e.getOriginalMessage() : cause.getMessage();
      throw new ArtifactException(file, "malformed manifest: " + why, e);
    }
  }
}
