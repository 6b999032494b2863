package io.recsys.gateway.cascade;

import java.util.Map;

/**
 * What an A/B variant changes in the cascade. Immutable.
 *
 * @param candidateStrategy {@code strategy} sent to the candidate service (null = its default)
 * @param rankerModel {@code model} sent to the ranking service, e.g. {@code ranker@<version>} (null = the current one)
 * @param rerankParams {@code params} sent to the re-rank service (empty = its defaults)
 * @param backends base URL per stage ({@code candidates}, {@code ranking}, {@code rerank}) for a canary
 */
public record StageOverrides(String candidateStrategy, String rankerModel, Map<String, Object> rerankParams,
    Map<String, String> backends) {
  public static final StageOverrides NONE = new StageOverrides(null, null, Map.of(), Map.of());

  public StageOverrides {
    rerankParams = rerankParams == null ? Map.of() : Map.copyOf(rerankParams);
    backends = backends == null ? Map.of() : Map.copyOf(backends);
  }

  String backend(Stage stage) {
    return backends.get(stage.wireName());
  }
}
