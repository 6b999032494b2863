package io.recsys.featurestore.store;

import java.time.Duration;

/**
 * Admission filter settings. Immutable.
 *
 * @param threshold events an item needs before it is admitted, at least 1
 * @param window how long an item's count survives without events
 */
public record AdmissionConfig(int threshold, Duration window) {
  public static final int DEFAULT_THRESHOLD = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

  public AdmissionConfig {
    if (threshold < 1) throw new IllegalArgumentException("admission threshold must be >= 1: " + threshold);
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("admission window must be positive: " + window);
  }

  public static AdmissionConfig defaults() {
    return new AdmissionConfig(DEFAULT_THRESHOLD, DEFAULT_WINDOW);
  }
}
