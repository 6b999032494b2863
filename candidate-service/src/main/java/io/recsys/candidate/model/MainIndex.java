package io.recsys.candidate.model;

import java.util.Locale;

/**
 * Which index serves unfiltered (cluster-scoped) kNN-Embed queries. Measured with
 * {@code ./recsys bench candidates} on the shared 2-core VM (module README): at 100k x 64 the exact
 * cluster-major scan answers the 8-interest request in 1.2 ms p50 / 1.4 ms p99 against hnswlib's
 * 6.1 / 8.6 ms at the ef that gives recall@100 >= 0.95; at 1M exact (13.1 ms p50) and hnswlib (13.8 ms at
 * ef 200, recall 0.946) meet. So {@link #AUTO} scans exactly up to {@link #AUTO_EXACT_MAX_ITEMS} items
 * and uses the hnswlib graphs above.
 */
public enum MainIndex {
  AUTO, EXACT, HNSW;

  /** Largest catalogue {@link #AUTO} serves by exact scan. */
  public static final int AUTO_EXACT_MAX_ITEMS = 1_000_000;

  /** Whether a catalogue of {@code items} is served by exact scan. */
  public boolean exactFor(int items) {
    return this == EXACT || (this == AUTO && items <= AUTO_EXACT_MAX_ITEMS);
  }

  public static MainIndex parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("main index must be auto, exact or hnsw: " + s);
    }
  }
}
