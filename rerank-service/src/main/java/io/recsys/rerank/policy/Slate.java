package io.recsys.rerank.policy;

import java.util.Arrays;
import java.util.Objects;

/**
 * The re-ranker's result. Equality, hash code and {@code toString} are by content.
 *
 * @param items indices into the {@link SlateInput} in slot order (slot 0 first); no index twice
 * @param propensities per slot, the probability that the policy puts that slot's item at that slot:
 *     {@code NaN} when not computed ({@link RerankConfig#propensitySamples()} 0), {@code 1.0} for pinned
 *     slots and for every slot when exploration is off; otherwise a Monte Carlo estimate in (0, 1]
 * @param policy the policy that made it, e.g. {@code "ts+mmr"}, {@code "greedy+dpp"}, {@code "ts"},
 *     {@code "greedy"}: what a logged impression records next to its propensity
 */
public record Slate(int[] items, double[] propensities, String policy) {
  public Slate {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(propensities, "propensities");
    Objects.requireNonNull(policy, "policy");
    if (items.length != propensities.length) {
      throw new IllegalArgumentException("items and propensities differ in length: " + items.length + " vs "
          + propensities.length);
    }
  }

  /** The number of slots filled. */
  public int size() {
    return items.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Slate other && Arrays.equals(items, other.items)
        && Arrays.equals(propensities, other.propensities) && policy.equals(other.policy);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(items) + Arrays.hashCode(propensities)) + policy.hashCode();
  }

  @Override
  public String toString() {
    return "Slate[items=" + Arrays.toString(items) + ", propensities=" + Arrays.toString(propensities)
        + ", policy=" + policy + "]";
  }
}
