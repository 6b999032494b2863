package io.recsys.gateway.experiment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An A/B test: users are split over {@link #variants()} by a hash of {@link #salt()} and their id
 * ({@link VariantAssigner}). The first variant is the control the report compares the others with.
 * Immutable.
 *
 * @param name {@code [A-Za-z0-9_.-]{1,64}}; part of the Redis keys of its exposure log
 * @param salt the hash salt: a new salt reshuffles every user, so keep it when editing weights. Each
 *     experiment needs its own (the catalog rejects a repeated one) so assignments in different
 *     experiments are independent. Non-blank, no control characters (the separator before the user id
 *     is NUL, which keeps salt + user id unambiguous), at most {@link #MAX_SALT_LENGTH} characters
 * @param surface the surface ({@code home}, {@code item-page}, ...) it runs on, or null for every
 *     surface that has no experiment of its own
 * @param variants at least one, unique names, each large enough for one of the
 *     {@link VariantAssigner#BUCKETS} buckets
 */
public record Experiment(String name, String salt, String surface, List<Variant> variants) {
  public static final int MAX_SALT_LENGTH = 256;

  public Experiment {
    Variant.checkName("name", name);
    if (salt == null || salt.isBlank()) throw new InvalidExperimentException("salt", "must be a non-blank string");
    if (salt.length() > MAX_SALT_LENGTH) throw new InvalidExperimentException("salt", "longer than " + MAX_SALT_LENGTH + " characters");
    for (int i = 0; i < salt.length(); i++) {
      if (Character.isISOControl(salt.charAt(i))) throw new InvalidExperimentException("salt", "must not contain control characters");
    }
    if (surface != null) Variant.checkName("surface", surface);
    if (variants == null || variants.isEmpty()) throw new InvalidExperimentException("variants", "at least one variant is needed");
    variants = List.copyOf(variants);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < variants.size(); i++) {
      Integer first = seen.putIfAbsent(variants.get(i).name(), i);
      if (first != null) {
        throw new InvalidExperimentException("variants[" + i + "].name",
            "duplicate variant name '" + variants.get(i).name() + "' (also variants[" + first + "])");
      }
    }
    int[] upper = VariantAssigner.upperBounds(variants);
    int lower = 0;
    for (int i = 0; i < upper.length; i++) {
      if (upper[i] == lower) {
        throw new InvalidExperimentException("variants[" + i + "].weight", "share " + (variants.get(i).weight() / totalWeight(variants))
            + " is below one bucket in " + VariantAssigner.BUCKETS + ": the variant would get no traffic");
      }
      lower = upper[i];
    }
  }

  /** The control: the first variant. */
  public Variant control() {
    return variants.getFirst();
  }

  /** The variant called {@code name}, or null. */
  public Variant variant(String variantName) {
    for (Variant v : variants) if (v.name().equals(variantName)) return v;
    return null;
  }

  static double totalWeight(List<Variant> variants) {
    double total = 0;
    for (Variant v : variants) total += v.weight();
    return total;
  }
}
