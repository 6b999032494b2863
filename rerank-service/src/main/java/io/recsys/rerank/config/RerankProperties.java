package io.recsys.rerank.config;

import io.recsys.rerank.features.Similarity;
import io.recsys.rerank.policy.Diversity;
import io.recsys.rerank.policy.RerankConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The re-rank service's settings ({@code recsys.rerank.*}, each overridable by environment, e.g.
 * {@code RECSYS_RERANK_DIVERSITY=dpp}). Immutable; unset values take the policy's named defaults. A
 * request's {@code params} override the policy per request.
 *
 * @param maxItems the most ranked items one request may carry
 * @param maxSlateSize the largest slate a request may ask for
 * @param defaultSlateSize the slate size when a request gives none
 * @param historyLimit newest history entries read for the seen filter (default the feature store's
 *     history cap: the whole history it keeps)
 * @param diversity default diversity: mmr, dpp or none
 * @param mmrLambda MMR's quality weight in [0, 1]
 * @param dppTheta DPP's quality-vs-diversity trade-off in [0, 1)
 * @param explore whether Thompson sampling explores by default
 * @param priorStrength pseudo-counts of the prior centred on the ranker's probability
 * @param groupStrength pseudo-counts of the category group prior
 * @param positionBiasEta examination at slot k is 1/(k+1)^eta
 * @param maxPerCategory per-category cap in a slate (0: none)
 * @param nearDuplicateCosine items this similar to a chosen one are suppressed (1: off)
 * @param similarity what item similarity is computed from: embedding, categories or both (default both)
 * @param propensitySamples Monte Carlo runs for the propensities (0: not computed); the service's
 *     default is {@link #DEFAULT_PROPENSITY_SAMPLES}, not the policy's 64, to fit the ~15 ms stage budget
 */
@ConfigurationProperties("recsys.rerank")
public record RerankProperties(Integer maxItems, Integer maxSlateSize, Integer defaultSlateSize, Integer historyLimit,
    Diversity diversity, Double mmrLambda, Double dppTheta, Boolean explore, Double priorStrength, Double groupStrength,
    Double positionBiasEta, Integer maxPerCategory, Double nearDuplicateCosine, Similarity similarity, Integer propensitySamples) {
  public static final int DEFAULT_MAX_ITEMS = 2000;
  public static final int DEFAULT_MAX_SLATE_SIZE = 100;
  public static final int DEFAULT_SLATE_SIZE = 10;
  public static final int DEFAULT_HISTORY_LIMIT = io.recsys.featurestore.store.FeatureStoreConfig.DEFAULT_HISTORY_CAP;
  /** 32 re-runs cost about 8–12 ms for 500 → 20 (rerank-service/README.md); the standard error of a propensity is √(π(1−π)/32). */
  public static final int DEFAULT_PROPENSITY_SAMPLES = 32;

  public RerankProperties {
    maxItems = positive("max-items", maxItems, DEFAULT_MAX_ITEMS);
    maxSlateSize = positive("max-slate-size", maxSlateSize, DEFAULT_MAX_SLATE_SIZE);
    defaultSlateSize = positive("default-slate-size", defaultSlateSize, DEFAULT_SLATE_SIZE);
    if (defaultSlateSize > maxSlateSize) {
      throw new IllegalArgumentException("recsys.rerank.default-slate-size (" + defaultSlateSize + ") exceeds max-slate-size (" + maxSlateSize + ")");
    }
    historyLimit = historyLimit == null ? DEFAULT_HISTORY_LIMIT : historyLimit;
    propensitySamples = propensitySamples == null ? DEFAULT_PROPENSITY_SAMPLES : propensitySamples;
    similarity = similarity == null ? Similarity.BOTH : similarity;
    if (historyLimit < 0) throw new IllegalArgumentException("recsys.rerank.history-limit must be >= 0: " + historyLimit);
    // Validates every policy value with the policy's own messages.
    policyOf(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength, positionBiasEta, maxPerCategory,
        nearDuplicateCosine, propensitySamples);
  }

  /** The default policy: the configured values over the policy's named defaults. */
  public RerankConfig policy() {
    return policyOf(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength, positionBiasEta, maxPerCategory,
        nearDuplicateCosine, propensitySamples);
  }

  private static RerankConfig policyOf(Diversity diversity, Double mmrLambda, Double dppTheta, Boolean explore,
      Double priorStrength, Double groupStrength, Double positionBiasEta, Integer maxPerCategory, Double nearDuplicateCosine,
      Integer propensitySamples) {
    RerankConfig c = RerankConfig.defaults();
    try {
      if (diversity != null) c = c.withDiversity(diversity);
      if (mmrLambda != null) c = c.withMmrLambda(mmrLambda);
      if (dppTheta != null) c = c.withDppTheta(dppTheta);
      if (explore != null) c = c.withExplore(explore);
      if (priorStrength != null) c = c.withPriorStrength(priorStrength);
      if (groupStrength != null) c = c.withGroupStrength(groupStrength);
      if (positionBiasEta != null) c = c.withPositionBiasEta(positionBiasEta);
      if (maxPerCategory != null) c = c.withMaxPerCategory(maxPerCategory);
      if (nearDuplicateCosine != null) c = c.withNearDuplicateCosine(nearDuplicateCosine);
      if (propensitySamples != null) c = c.withPropensitySamples(propensitySamples);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("recsys.rerank: " + e.getMessage(), e);
    }
    return c;
  }

  private static int positive(String name, Integer v, int dflt) {
    if (v == null) return dflt;
    if (v < 1) throw new IllegalArgumentException("recsys.rerank." + name + " must be >= 1: " + v);
    return v;
  }
}
