package io.recsys.core.train;

import io.recsys.core.artifact.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything an offline stage's result depends on: the training data's fingerprint, the versions of
 * the upstream artefacts it read, and its own configuration (as a canonical one-line text, e.g. the
 * config record's {@code toString()}). Two runs with equal inputs produce the same artefact (stages
 * are deterministic for a seed), which is what lets {@link StageRunner} skip a stage whose inputs
 * did not change. Immutable.
 *
 * @param data fingerprint of the training data
 * @param upstream upstream artefact kind → version name; kept sorted by kind
 * @param config the stage's configuration, canonical text
 */
public record StageInputs(Fingerprint data, Map<String, String> upstream, String config) {
  /** The file a stage's inputs are recorded in, inside each version it publishes. */
  public static final String FILE_NAME = "stage-inputs.txt";

  public StageInputs {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(config, "config");
    upstream = Map.copyOf(new TreeMap<>(Objects.requireNonNull(upstream, "upstream")));
  }

  /** The canonical text recorded with the artefact: one {@code key=value} line each, sorted. */
  public String canonical() {
    StringBuilder sb = new StringBuilder();
    sb.append("data=").append(data).append('\n');
    new TreeMap<>(upstream).forEach((k, v) -> sb.append("upstream.").append(k).append('=').append(v).append('\n'));
    sb.append("config=").append(config.replace('\n', ' ')).append('\n');
    return sb.toString();
  }

  /** A fingerprint of {@link #canonical()}. */
  public Fingerprint fingerprint() {
    return Fingerprint.of(canonical().getBytes(StandardCharsets.UTF_8));
  }
}
