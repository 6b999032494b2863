package io.recsys.ranking.serve;

import io.recsys.core.artifact.ArtifactLoader;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.ranking.features.FeatureConfig;
import io.recsys.ranking.features.FeatureScaler;
import io.recsys.ranking.features.RankerTables;
import io.recsys.ranking.features.RankingFeatures;
import io.recsys.ranking.model.ModelCard;
import io.recsys.ranking.model.MoeArchitecture;
import io.recsys.ranking.model.MoeParameters;
import io.recsys.ranking.onnx.OnnxScorer;
import io.recsys.ranking.onnx.OnnxScorerConfig;
import io.recsys.ranking.train.PlattCalibration;
import io.recsys.ranking.train.RankerArtifacts;
import java.io.IOException;
import java.util.Map;

/**
 * Loads a ranker version and refuses one this service cannot serve correctly, with a message saying
 * why: trained against another feature-store schema, a feature layout other than the one this code
 * computes, a scaler that does not match, ordinal thresholds out of order (GNOLR's constraint), an
 * ONNX graph of another shape. Stateless apart from its settings; thread-safe.
 */
public final class RankingModelLoader implements ArtifactLoader<RankingModel> {
  private final OnnxScorerConfig scorer;
  private final double engageWeight;
  private final int storeSchemaVersion;

  /**
   * @param storeSchemaVersion the schema version of the feature store this service reads
   */
  public RankingModelLoader(OnnxScorerConfig scorer, double engageWeight, int storeSchemaVersion) {
    this.scorer = scorer;
    this.engageWeight = engageWeight;
    this.storeSchemaVersion = storeSchemaVersion;
  }

  /** Default ONNX settings, engage weight 0.5, this code's feature-store schema. */
  public RankingModelLoader() {
    this(OnnxScorerConfig.defaults(), 0.5, FeatureSchema.CURRENT_VERSION);
  }

  @Override
  public RankingModel load(ArtifactVersion version) throws IOException {
    ModelCard card = ModelCard.read(version.path());
    if (card.storeSchemaVersion() != storeSchemaVersion) {
      throw new IllegalArgumentException("ranker " + version.name() + " was trained against feature-store schema v"
          + card.storeSchemaVersion() + " but the store this service reads is v" + storeSchemaVersion
          + ": retrain it (./recsys train) against this store");
    }
    int manifestSchema = version.manifest().featureSchemaVersion();
    if (manifestSchema != card.storeSchemaVersion()) {
      throw new IllegalArgumentException("ranker " + version.name() + ": the manifest says feature-store schema v" + manifestSchema
          + " but the model card v" + card.storeSchemaVersion() + " (a hand-edited artefact?)");
    }
    MoeArchitecture arch = card.architecture();
    RankerTables tables = RankerTables.read(version.path());
    RankingFeatures features = new RankingFeatures(tables, FeatureConfig.defaults().withSequenceLength(arch.sequenceLength()));
    if (!features.schemaVersion().equals(card.featureSchema())) {
      throw new IllegalArgumentException("ranker " + version.name() + " was trained on feature schema " + card.featureSchema()
          + " but this service computes " + features.schemaVersion() + " (" + features.denseDim()
          + " features): retrain it with this version of ./recsys train");
    }
    if (arch.denseDim() != features.denseDim() || arch.embeddingDim() != features.embeddingDim()) {
      throw new IllegalArgumentException("ranker " + version.name() + ": the network takes " + arch.denseDim() + " features and "
          + arch.embeddingDim() + "-d embeddings, the tables give " + features.denseDim() + " and " + features.embeddingDim());
    }
    FeatureScaler scaler = FeatureScaler.read(version.path());
    scaler.checkMatches(features);
    MoeParameters parameters = MoeParameters.read(version.file(RankerArtifacts.PARAMETERS_FILE));
    parameters.checkThresholds();
    if (!parameters.architecture().equals(arch)) {
      throw new IllegalArgumentException("ranker " + version.name() + ": " + RankerArtifacts.PARAMETERS_FILE + " is " + parameters.architecture()
          + " but the model card says " + arch);
    }
    Map<String, Double> c = card.calibration();
    PlattCalibration click = calibration(c, "click", version.name());
    PlattCalibration engage = calibration(c, "engage", version.name());
    OnnxScorer onnx;
    try {
      onnx = OnnxScorer.load(version.file(RankerArtifacts.MODEL_FILE), arch, scorer);
    } catch (ai.onnxruntime.OrtException e) {
      throw new IOException("ranker " + version.name() + ": ONNX Runtime cannot load " + RankerArtifacts.MODEL_FILE + ": "
          + e.getMessage(), e);
    }
    return new RankingModel(version.name(), card, features, scaler, onnx, click, engage, engageWeight);
  }

  private static PlattCalibration calibration(Map<String, Double> c, String task, String version) {
    Double a = c.get(task + ".a"), b = c.get(task + ".b");
    if (a == null || b == null) {
      throw new IllegalArgumentException("ranker " + version + ": the model card has no calibration for " + task
          + " (" + task + ".a, " + task + ".b)");
    }
    return new PlattCalibration(a, b);
  }
}
