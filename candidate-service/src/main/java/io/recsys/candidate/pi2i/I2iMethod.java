package io.recsys.candidate.pi2i;

import java.util.Locale;

/**
 * How {@link ItemToItemIndex#build} scores item pairs (formulas in {@link I2iConfig}).
 */
public enum I2iMethod {
  /**
   * Swing (Yang et al., "Large Scale Product Graph Construction for Recommendation in E-commerce",
   * 2020): pairs of users who share the two items count for more when the users share little else,
   * which suppresses the "everybody has these" links that plain co-occurrence over-rewards.
   */
  SWING("swing"),
  /** Co-occurrence counts normalised by the geometric mean of the two items' user counts (cosine). */
  COOCCURRENCE("cooccurrence");

  private final String cliName;

  I2iMethod(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** Parses {@code swing} or {@code cooccurrence} (also {@code co-occurrence}), ignoring case. */
  public static I2iMethod parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (I2iMethod m : values()) if (m.cliName.equals(n)) return m;
    throw new IllegalArgumentException("unknown i2i method '" + name + "' (expected swing or cooccurrence)");
  }
}
