package io.recsys.gateway.experiment;

import java.util.regex.Pattern;

/**
 * One arm of an experiment. Immutable.
 *
 * @param name {@code [A-Za-z0-9_.-]{1,64}}: it becomes part of Redis hash fields and metric tags, so no
 *     separators ({@code :}) or braces
 * @param weight relative share of traffic, finite, {@code > 0} and at most {@link #MAX_WEIGHT}; weights are normalised over the
 *     experiment, so 50/50, 1/1 and 0.5/0.5 mean the same split
 * @param overrides what the variant changes ({@link VariantOverrides#NONE} when null)
 */
public record Variant(String name, double weight, VariantOverrides overrides) {
  /** Names of experiments, variants and surfaces. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** Bound on a weight: keeps the sum of an experiment's weights far from overflowing a double. */
  public static final double MAX_WEIGHT = 1_000_000;

  public Variant {
    checkName("name", name);
    if (!Double.isFinite(weight) || !(weight > 0)) throw new InvalidExperimentException("weight", "must be > 0 (was " + weight + ")");
    if (weight > MAX_WEIGHT) throw new InvalidExperimentException("weight", "must be <= " + MAX_WEIGHT + " (was " + weight + ")");
    overrides = overrides == null ? VariantOverrides.NONE : overrides;
  }

  /** A variant that changes nothing. */
  public static Variant of(String name, double weight) {
    return new Variant(name, weight, VariantOverrides.NONE);
  }

  static void checkName(String field, String value) {
    if (value == null) throw new InvalidExperimentException(field, "required");
    if (!NAME.matcher(value).matches()) {
      throw new InvalidExperimentException(field, "must match [A-Za-z0-9_.-]{1,64}: '" + value + "'");
    }
  }
}
