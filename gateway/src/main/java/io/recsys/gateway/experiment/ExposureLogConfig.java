package io.recsys.gateway.experiment;

import java.util.Objects;

/**
 * Settings of an {@link ExposureLog}. Immutable.
 *
 * @param keyPrefix prefix of the Redis keys ({@code <prefix>{<experiment>}:counts} and
 *     {@code <prefix>{<experiment>}:exposures})
 * @param maxExposures exposures kept per experiment; older ones are dropped. Redis trims approximately
 *     ({@code XADD MAXLEN ~}), which costs nothing per call, and may keep up to one stream node
 *     ({@code stream-node-max-entries}, 100 by default) more
 */
public record ExposureLogConfig(String keyPrefix, int maxExposures) {
  public static final String DEFAULT_KEY_PREFIX = "recsys:exp:";
  /** A day of exposures at ~1 request/s per experiment: enough to debug assignments, small in memory. */
  public static final int DEFAULT_MAX_EXPOSURES = 100_000;
  public static final ExposureLogConfig DEFAULTS = new ExposureLogConfig(DEFAULT_KEY_PREFIX, DEFAULT_MAX_EXPOSURES);

  public ExposureLogConfig {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.contains("{") || keyPrefix.contains("}")) {
      throw new IllegalArgumentException("keyPrefix must not contain braces (the experiment is the hash tag): " + keyPrefix);
    }
    if (maxExposures < 1) throw new IllegalArgumentException("maxExposures must be >= 1: " + maxExposures);
  }

  public ExposureLogConfig withMaxExposures(int max) {
    return new ExposureLogConfig(keyPrefix, max);
  }
}
