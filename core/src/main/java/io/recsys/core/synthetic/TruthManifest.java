package io.recsys.core.synthetic;

import java.util.Map;

/**
 * {@code truth/manifest.json}: what produced the dataset and what is in it. Holds no clock time, so
 * the file is as deterministic as the rest.
 *
 * @param generator always {@link #GENERATOR}
 * @param version {@link SyntheticDatasetGenerator#VERSION} of the generator that wrote it
 * @param config the full config, seed and model knobs included
 * @param counts what was generated
 * @param files each truth file and what it holds
 */
public record TruthManifest(String generator, int version, SyntheticConfig config, GenerationCounts counts,
    Map<String, String> files) {
  public static final String GENERATOR = "recsys-synthetic";
}
