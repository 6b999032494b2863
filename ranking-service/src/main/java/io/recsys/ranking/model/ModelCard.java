package io.recsys.ranking.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a trained ranker is, for the people and services that use it: written as {@code model-card.json}
 * beside the model (its numbers also go into the artefact manifest's metrics). The service checks
 * {@link #featureSchema} against the feature layout its code computes and {@link #storeSchemaVersion}
 * against the feature store's schema before it serves the model.
 *
 * @param featureSchema the ranker's dense feature layout version ({@code rf1-…}); a mismatch refuses the model
 * @param storeSchemaVersion the feature-store schema the model's online features are read under
 * @param featureNames the dense features, in input order
 * @param trainingData fingerprint of the dataset and the training-candidates version trained on
 * @param architecture the network's dimensions
 * @param training what the trainer did: examples, epochs, seconds, IPS, options
 * @param metrics validation AUC per task, log-loss, calibration error before/after, ...
 * @param calibration Platt parameters per task ({@code click.a}, {@code click.b}, {@code engage.a}, {@code engage.b})
 */
public record ModelCard(String featureSchema, int storeSchemaVersion, java.util.List<String> featureNames,
    Map<String, String> trainingData, MoeArchitecture architecture, Map<String, String> training,
    Map<String, Double> metrics, Map<String, Double> calibration) {
  public static final String FILE = "model-card.json";
  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public ModelCard {
    featureNames = java.util.List.copyOf(featureNames);
    trainingData = new TreeMap<>(trainingData);
    training = new TreeMap<>(training);
    metrics = new TreeMap<>(metrics);
    calibration = new TreeMap<>(calibration);
  }

  public void write(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
  }

  public static ModelCard read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    try {
      return JSON.readValue(Files.readAllBytes(f), ModelCard.class);
    } catch (tools.jackson.core.JacksonException e) {
      throw new IOException(f + ": not a valid model card: " + e.getOriginalMessage(), e);
    }
  }
}
