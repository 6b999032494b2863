package io.recsys.gateway.experiment;

import java.util.Objects;

/**
 * The variant one user gets in one experiment. Immutable.
 *
 * @param experiment the experiment's name
 * @param variant the variant's name
 * @param overrides what to change in the cascade for this request
 * @param bucket the user's bucket in {@code [0, }{@link VariantAssigner#BUCKETS}{@code )}, for
 *     debugging and for checking an assignment by hand
 */
public record Assignment(String experiment, String variant, VariantOverrides overrides, int bucket) {
  public Assignment {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(overrides, "overrides");
    if (bucket < 0 || bucket >= VariantAssigner.BUCKETS) {
      throw new IllegalArgumentException("bucket must be in [0, " + VariantAssigner.BUCKETS + "): " + bucket);
    }
  }
}
