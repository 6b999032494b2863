package io.recsys.gateway.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * Deterministic assignment of users to variants. Pure functions; thread-safe.
 *
 * <p><b>Bucket.</b> {@code bucket = u mod 10_000}, where {@code u} is the first 8 bytes (big-endian) of
 * {@code SHA-256(UTF-8(salt + '\u0000' + userId))} read as an unsigned long. Why this hash:
 * <ul>
 *   <li>it is specified byte for byte, so every gateway replica, every restart and every JVM version
 *       puts a user in the same bucket ({@code String.hashCode} or a seeded hash would not be a
 *       contract, and a random seed per process would reshuffle users on every deploy);
 *   <li>each experiment hashes with its own salt, so a user's buckets in two experiments are
 *       independent: being in treatment in one says nothing about the other, and editing one
 *       experiment cannot move anyone in another;
 *   <li>SHA-256's output is uniform enough that {@code mod 10_000} of 64 bits is unbiased for any
 *       practical purpose (the modulo bias is below 10⁻¹⁵).
 * </ul>
 * The NUL separator keeps the input unambiguous, since salts contain no control characters.
 *
 * <p><b>Variants.</b> Variant {@code i} owns the contiguous bucket range
 * {@code [round(W(i-1)/W·10_000), round(W(i)/W·10_000))}, where {@code W(i)} is the cumulative weight of
 * variants {@code 0..i} in declaration order and {@code W} the total. Because ranges are contiguous and
 * anchored at both ends, growing the <em>last</em> variant (or the first) at the expense of its neighbour
 * only moves its boundary: every user it had stays in it (ramping treatment 10% → 20% keeps the first
 * 10% in treatment). Reordering variants, or resizing a variant in the middle, does move users.
 */
public final class VariantAssigner {
  /** Buckets per experiment: shares are multiples of 0.01%. */
  public static final int BUCKETS = 10_000;

  private VariantAssigner() {
  }

  /** The user's bucket under {@code salt}, in {@code [0, BUCKETS)}. */
  public static int bucket(String salt, String userId) {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(userId, "userId");
    byte[] hash = sha256().digest((salt + '\u0000' + userId).getBytes(StandardCharsets.UTF_8));
    long u = 0;
    for (int i = 0; i < 8; i++) u = (u << 8) | (hash[i] & 0xFF);
    return (int) Long.remainderUnsigned(u, BUCKETS);
  }

  /** The variant of {@code experiment} that {@code userId} is in. */
  public static Assignment assign(Experiment experiment, String userId) {
    int bucket = bucket(experiment.salt(), userId);
    Variant v = experiment.variants().get(variantIndex(experiment.variants(), bucket));
    return new Assignment(experiment.name(), v.name(), v.overrides(), bucket);
  }

  /** The index of the variant owning {@code bucket}. */
  public static int variantIndex(List<Variant> variants, int bucket) {
    // Recomputed per call rather than cached: a handful of additions, and it keeps Experiment a plain record.
    double total = Experiment.totalWeight(variants);
    double cumulative = 0;
    int last = variants.size() - 1;
    for (int i = 0; i < last; i++) {
      cumulative += variants.get(i).weight();
      if (bucket < upperBound(cumulative, total)) return i;
    }
    return last;
  }

  /**
   * The exclusive upper bucket of each variant's range, in declaration order; the last is always
   * {@link #BUCKETS}. Variant {@code i} owns {@code [upper[i-1], upper[i])} (with {@code upper[-1] = 0}).
   */
  public static int[] upperBounds(List<Variant> variants) {
    double total = Experiment.totalWeight(variants);
    int[] upper = new int[variants.size()];
    double cumulative = 0;
    for (int i = 0; i < upper.length; i++) {
      cumulative += variants.get(i).weight();
      upper[i] = i == upper.length - 1 ? BUCKETS : upperBound(cumulative, total);
    }
    return upper;
  }

  private static int upperBound(double cumulative, double total) {
    return (int) Math.min(BUCKETS, Math.round(cumulative / total * BUCKETS));
  }

  private static MessageDigest sha256() {
    try {
      // A new instance per call: MessageDigest is not thread-safe, and getInstance is cheap next to a
      // request; a ThreadLocal would pin one per virtual thread.
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
