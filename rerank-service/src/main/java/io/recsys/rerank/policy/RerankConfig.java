package io.recsys.rerank.policy;

import java.util.Objects;

/**
 * How one slate is re-ranked. Immutable; every default is a named constant and every setting is
 * validated on construction with a message that names it. Change one setting with its {@code with...}
 * method.
 *
 * @param diversity the diversity step ({@link Diversity})
 * @param mmrLambda MMR's weight on quality, in [0, 1]: 1 is quality only, 0 diversity only. Quality is
 *     divided by the request's highest quality first, so the same λ means the same trade-off whatever
 *     the scale of the click probabilities and boosts
 * @param dppTheta DPP's weight on quality, in [0, 1): the kernel's quality factor is
 *     {@code exp(θ/(2(1−θ))·q̂)} (Chen et al. 2018), so the greedy maximises
 *     {@code θ/(1−θ)·Σ q̂ + log det S}; 0 is diversity only, values near 1 quality only
 * @param explore in-slate Thompson sampling (METHODS §4) when on; the posterior mean (deterministic)
 *     when off
 * @param priorStrength pseudo-clicks behind the ranker's click probability in each item's Beta (its
 *     relative spread is about 1/√priorStrength; see {@link ClickPosterior})
 *     prior ({@code > 0}): how many real impressions it takes for an item's own clicks to weigh as much
 *     as the ranker's opinion. A placeholder until the simulator picks it
 * @param groupStrength pseudo-clicks behind the prior "a category clicks as the ranker predicts" in the
 *     category's calibration ratio ({@code >= 0}; {@link #NO_GROUP_POOLING} turns pooling off); see
 *     {@link ClickPosterior}
 * @param positionBiasEta exponent η of the examination model {@code 1/(k+1)^η} at 0-based slot k
 *     ({@code >= 0}; 0 means every slot is examined, no discount)
 * @param maxPerCategory at most this many items of one category in a slate ({@link #NO_CATEGORY_CAP}
 *     for none); relaxed when it would leave the slate short
 * @param nearDuplicateCosine an item whose embedding's cosine to an item already in the slate is at
 *     least this is left out ({@code > 0}; {@code >= 1} ({@link #NEAR_DUPLICATES_ALLOWED}) turns the rule
 *     off); relaxed, after the category cap, when it would leave the slate short
 * @param propensitySamples Monte Carlo re-runs of the whole sampler behind the per-slot propensities
 *     ({@link #NO_PROPENSITIES} for none; at most {@link #MAX_PROPENSITY_SAMPLES}). Each one costs
 *     about half a re-rank: 64 multiply the latency of an exploring request by 35-40 (500 → 20:
 *     about 0.5 ms without, 17-23 ms with, on the shared 2-core VM)
 */
public record RerankConfig(Diversity diversity, double mmrLambda, double dppTheta, boolean explore,
    double priorStrength, double groupStrength, double positionBiasEta, int maxPerCategory,
    double nearDuplicateCosine, int propensitySamples) {
  /**
   * The defaults are chosen on ml-100k (./recsys bench rerank-sweep, rerank-service/README.md) for
   * genre diversity ≥ 0.83 with HR@10 and NDCG@10 within 3% of the ranker's, with margin on both:
   * DPP θ 0.81 at strength 1000 (0.226 / 0.126 / 0.835 against the ranker's 0.230 / 0.126 / 0.748).
   * Re-chosen on 2026-12-05 when the ranker stopped learning from request-time features: the earlier
   * MMR λ 0.62 at strength 500 lost 4.6% HR@10 behind that ranker.
   */
  public static final Diversity DEFAULT_DIVERSITY = Diversity.DPP;
  public static final double DEFAULT_MMR_LAMBDA = 0.62;
  public static final double DEFAULT_DPP_THETA = 0.81;
  public static final boolean DEFAULT_EXPLORE = true;
  /**
   * Mild exploration (draws spread about 1/√1000 ≈ 3.2% around the ranker): the strongest exploration
   * that keeps ml-100k accuracy within 3% of the ranker's, with margin, at the default diversity. The
   * simulator (./recsys bench rerank-sim) shows exploration paying only with a weak prior (2
   * pseudo-clicks) and a miscalibrated ranker; lower it where the ranker is known to be off (README,
   * "Simulator").
   */
  public static final double DEFAULT_PRIOR_STRENGTH = 1000;
  public static final double DEFAULT_GROUP_STRENGTH = 5;
  public static final double DEFAULT_POSITION_BIAS_ETA = 1.0;
  /** Off: on ml-100k a cap on the primary genre cost 3–10% of HR@10 for less diversity than MMR gives. */
  public static final int DEFAULT_MAX_PER_CATEGORY = 0;
  public static final double DEFAULT_NEAR_DUPLICATE_COSINE = 0.98;
  public static final int DEFAULT_PROPENSITY_SAMPLES = 64;

  /** {@code maxPerCategory} that puts no cap on categories. */
  public static final int NO_CATEGORY_CAP = 0;
  /** {@code nearDuplicateCosine} that turns near-duplicate suppression off (so does any larger value). */
  public static final double NEAR_DUPLICATES_ALLOWED = 1.0;
  /** {@code groupStrength} that turns category pooling off: every prior is the ranker's own p. */
  public static final double NO_GROUP_POOLING = 0;
  /** {@code propensitySamples} that skips the propensities (they come back {@code NaN}). */
  public static final int NO_PROPENSITIES = 0;
  /** Bound on {@code propensitySamples}: each sample is one more re-rank of the request. */
  public static final int MAX_PROPENSITY_SAMPLES = 10_000;

  public RerankConfig {
    Objects.requireNonNull(diversity, "diversity");
    if (!(mmrLambda >= 0 && mmrLambda <= 1)) {
      throw new IllegalArgumentException("mmrLambda must be in [0, 1]: " + mmrLambda);
    }
    if (!(dppTheta >= 0 && dppTheta < 1)) {
      throw new IllegalArgumentException("dppTheta must be in [0, 1): " + dppTheta);
    }
    if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
      throw new IllegalArgumentException("priorStrength must be positive and finite: " + priorStrength);
    }
    if (!(groupStrength >= 0) || Double.isInfinite(groupStrength)) {
      throw new IllegalArgumentException("groupStrength must be >= 0 and finite: " + groupStrength);
    }
    if (!(positionBiasEta >= 0) || Double.isInfinite(positionBiasEta)) {
      throw new IllegalArgumentException("positionBiasEta must be >= 0 and finite: " + positionBiasEta);
    }
    if (maxPerCategory < 0) {
      throw new IllegalArgumentException("maxPerCategory must be >= 0 (0 = no cap): " + maxPerCategory);
    }
    // A threshold at or below 0 would call unrelated (orthogonal) items duplicates.
    if (!(nearDuplicateCosine > 0)) {
      throw new IllegalArgumentException("nearDuplicateCosine must be > 0 (>= 1 = off): " + nearDuplicateCosine);
    }
    if (propensitySamples < 0 || propensitySamples > MAX_PROPENSITY_SAMPLES) {
      throw new IllegalArgumentException("propensitySamples must be in [0, " + MAX_PROPENSITY_SAMPLES
          + "] (0 = not computed): " + propensitySamples);
    }
  }

  public static RerankConfig defaults() {
    return new RerankConfig(DEFAULT_DIVERSITY, DEFAULT_MMR_LAMBDA, DEFAULT_DPP_THETA, DEFAULT_EXPLORE,
        DEFAULT_PRIOR_STRENGTH, DEFAULT_GROUP_STRENGTH, DEFAULT_POSITION_BIAS_ETA, DEFAULT_MAX_PER_CATEGORY,
        DEFAULT_NEAR_DUPLICATE_COSINE, DEFAULT_PROPENSITY_SAMPLES);
  }

  /** Whether near-duplicate suppression is on. */
  public boolean suppressesNearDuplicates() {
    return nearDuplicateCosine < NEAR_DUPLICATES_ALLOWED;
  }

  /** The policy name a slate made with this configuration carries: {@code ts|greedy[+mmr|+dpp]}. */
  public String policyName() {
    String base = explore ? "ts" : "greedy";
    return switch (diversity) {
      case NONE -> base;
      case MMR -> base + "+mmr";
      case DPP -> base + "+dpp";
    };
  }

  public RerankConfig withDiversity(Diversity diversity) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withMmrLambda(double mmrLambda) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withDppTheta(double dppTheta) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withExplore(boolean explore) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withPriorStrength(double priorStrength) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withGroupStrength(double groupStrength) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withPositionBiasEta(double positionBiasEta) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withMaxPerCategory(int maxPerCategory) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withNearDuplicateCosine(double nearDuplicateCosine) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }

  public RerankConfig withPropensitySamples(int propensitySamples) {
    return new RerankConfig(diversity, mmrLambda, dppTheta, explore, priorStrength, groupStrength,
        positionBiasEta, maxPerCategory, nearDuplicateCosine, propensitySamples);
  }
}
