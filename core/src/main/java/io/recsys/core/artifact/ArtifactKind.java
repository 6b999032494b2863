package io.recsys.core.artifact;

import java.util.regex.Pattern;

/**
 * What a trained thing is: one folder {@code <root>/<kind>/} of the {@link ArtifactStore}, with its own
 * versions and its own {@code CURRENT}. Any lower-case name fits; the constants are the kinds the
 * platform trains. Immutable, thread-safe.
 *
 * @param name the folder name: lower-case letters, digits, {@code -} and {@code _}, starting with a
 *     letter or digit, at most 64 characters
 */
public record ArtifactKind(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public static final ArtifactKind EMBEDDINGS = new ArtifactKind("embeddings");
  public static final ArtifactKind CLUSTERS = new ArtifactKind("clusters");
  public static final ArtifactKind ANN_INDEX = new ArtifactKind("ann-index");
  public static final ArtifactKind I2I = new ArtifactKind("i2i");
  /** The candidate stage's point-in-time candidate lists: what the ranker trains on (a contract between two modules). */
  public static final ArtifactKind TRAINING_CANDIDATES = new ArtifactKind("training-candidates");
  public static final ArtifactKind RANKER = new ArtifactKind("ranker");
  public static final ArtifactKind CALIBRATION = new ArtifactKind("calibration");

  public ArtifactKind {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid artefact kind '" + name
          + "' (lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64)");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
