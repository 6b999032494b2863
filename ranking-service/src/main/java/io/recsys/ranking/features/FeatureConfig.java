package io.recsys.ranking.features;

import io.recsys.ranking.model.MoeArchitecture;

/**
 * The user-side settings of the feature layer. Immutable; validated on construction with a message
 * naming the setting.
 *
 * @param sequenceLength L, the behaviours the network reads and the window of the sequence features
 * @param interestHalfLifeMillis half-life of the recency decay of the user's cluster mixture
 * @param interestMinWeight the mixture weight from which a cluster counts as an active interest
 */
public record FeatureConfig(int sequenceLength, long interestHalfLifeMillis, double interestMinWeight) {
  public static final int DEFAULT_SEQUENCE_LENGTH = MoeArchitecture.DEFAULT_SEQUENCE_LENGTH;
  public static final long DEFAULT_INTEREST_HALF_LIFE_MILLIS = 60L * 24 * 3600 * 1000;
  public static final double DEFAULT_INTEREST_MIN_WEIGHT = 0.1;

  public FeatureConfig {
    if (sequenceLength < 1) throw new IllegalArgumentException("sequenceLength must be >= 1: " + sequenceLength);
    if (interestHalfLifeMillis < 1) throw new IllegalArgumentException("interestHalfLifeMillis must be >= 1: " + interestHalfLifeMillis);
    if (!(interestMinWeight >= 0 && interestMinWeight <= 1)) {
      throw new IllegalArgumentException("interestMinWeight must be in [0, 1]: " + interestMinWeight);
    }
  }

  public static FeatureConfig defaults() {
    return new FeatureConfig(DEFAULT_SEQUENCE_LENGTH, DEFAULT_INTEREST_HALF_LIFE_MILLIS, DEFAULT_INTEREST_MIN_WEIGHT);
  }

  public FeatureConfig withSequenceLength(int l) {
    return new FeatureConfig(l, interestHalfLifeMillis, interestMinWeight);
  }
}
