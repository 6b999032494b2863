package io.recsys.ranking.train;

import io.recsys.core.artifact.ArtifactKind;
import io.recsys.ranking.features.FeatureScaler;
import io.recsys.ranking.features.RankerTables;
import io.recsys.ranking.model.ModelCard;
import java.util.List;

/**
 * The ranker artefact ({@code $RECSYS_ARTIFACTS/ranker/<version>/}): what {@code ./recsys train}'s
 * ranker stage publishes and ranking-service loads. Files are the contract; nothing else is shared.
 */
public final class RankerArtifacts {
  public static final ArtifactKind RANKER = ArtifactKind.RANKER;
  /** The candidate stage's artefact the ranker trains on. */
  public static final ArtifactKind TRAINING_CANDIDATES = ArtifactKind.TRAINING_CANDIDATES;
  /** The scoring graph ONNX Runtime serves. */
  public static final String MODEL_FILE = "model.onnx";
  /** The same parameters in the trainer's own format (the Java forward pass, parity checks, warm starts). */
  public static final String PARAMETERS_FILE = "moe.bin";
  /** Every file of a ranker version. */
  public static final List<String> FILES = List.of(MODEL_FILE, PARAMETERS_FILE, RankerTables.FILE, FeatureScaler.FILE,
      ModelCard.FILE);

  private RankerArtifacts() {}
}
