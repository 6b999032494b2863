package io.recsys.core.artifact;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the producer of an artefact tells the {@link ArtifactStore} about it; the store adds kind,
 * version, creation time and the file list to make the {@link ArtifactManifest}. Immutable,
 * thread-safe.
 *
 * @param trainingData fingerprint of the data it was trained on ({@link Fingerprint#of})
 * @param featureSchemaVersion version of the feature schema it reads or writes; 0 when it has none
 * @param command the command line that produced it, e.g. {@code recsys train-embeddings --dim 64}
 * @param gitCommit the commit of the code that produced it, or {@link #UNKNOWN_COMMIT}
 * @param metrics offline metrics of the trained thing (e.g. {@code ndcg@10}), finite values; kept as
 *     an unmodifiable copy sorted by name
 */
public record ManifestInfo(Fingerprint trainingData, int featureSchemaVersion, String command, String gitCommit,
    Map<String, Double> metrics) {
  /** The git commit of code that was not built from a checkout. */
  public static final String UNKNOWN_COMMIT = "unknown";

  public ManifestInfo {
    Objects.requireNonNull(trainingData, "trainingData");
    if (featureSchemaVersion < 0) {
      throw new IllegalArgumentException("featureSchemaVersion must be >= 0: " + featureSchemaVersion);
    }
    requireText(command, "command");
    requireText(gitCommit, "gitCommit");
    metrics = checkedMetrics(metrics);
  }

  /** Without metrics. */
  public ManifestInfo(Fingerprint trainingData, int featureSchemaVersion, String command, String gitCommit) {
    this(trainingData, featureSchemaVersion, command, gitCommit, Map.of());
  }

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
  }

  /** A sorted unmodifiable copy; refuses blank names and values that are not finite. */
  static Map<String, Double> checkedMetrics(Map<String, Double> metrics) {
    Objects.requireNonNull(metrics, "metrics");
    TreeMap<String, Double> copy = new TreeMap<>();
    metrics.forEach((name, value) -> {
      requireText(name, "metric name");
      if (value == null || !Double.isFinite(value)) {
        throw new IllegalArgumentException("metric " + name + " must be a finite number: " + value);
      }
      copy.put(name, value);
    });
    return Collections.unmodifiableSortedMap(copy);
  }

  /** The commit the launcher passes in {@code RECSYS_GIT_COMMIT}, else {@link #UNKNOWN_COMMIT}. */
  public static String gitCommitFromEnvironment() {
    String c = System.getenv("RECSYS_GIT_COMMIT");
    return c == null || c.isBlank() ? UNKNOWN_COMMIT : c.strip();
  }
}
