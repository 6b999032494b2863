package io.recsys.core.synthetic;

import java.util.Locale;

/**
 * Named dataset sizes, from unit-test data to a benchmark catalogue. Each is a starting point that
 * the CLI's --items/--users/--events/--topics/--dim/--seed override. Topic counts grow with the
 * catalogue so that topics keep a few hundred to a few thousand items.
 */
public enum SizePreset {
  /** Unit tests: a few thousand events, generated in milliseconds. */
  TINY(200, 100, 5_000, 8),
  /** The demo default. */
  SMALL(5_000, 2_000, 200_000, 20),
  MEDIUM(100_000, 50_000, 2_000_000, 50),
  /** Benchmarks: 1 M items, 10 M events. */
  LARGE(1_000_000, 500_000, 10_000_000, 200);

  private final int items;
  private final int users;
  private final long events;
  private final int topics;

  SizePreset(int items, int users, long events, int topics) {
    this.items = items;
    this.users = users;
    this.events = events;
    this.topics = topics;
  }

  /** This preset with the default dimension, seed and model. */
  public SyntheticConfig config() {
    return new SyntheticConfig(items, users, events, topics, SyntheticConfig.DEFAULT_DIM,
        SyntheticConfig.DEFAULT_SEED, ModelParameters.DEFAULTS);
  }

  /** The lower-case name used on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a CLI name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static SizePreset parse(String name) {
    for (SizePreset p : values()) {
      if (p.cliName().equalsIgnoreCase(name.trim())) return p;
    }
    throw new IllegalArgumentException("unknown size '" + name + "' (expected tiny, small, medium or large)");
  }
}
