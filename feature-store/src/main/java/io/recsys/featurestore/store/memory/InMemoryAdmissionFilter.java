package io.recsys.featurestore.store.memory;

import io.recsys.featurestore.store.AdmissionConfig;
import io.recsys.featurestore.store.AdmissionFilter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The in-memory {@link AdmissionFilter}: a counter map with per-id expiry by the clock. Thread-safe (synchronized). */
public final class InMemoryAdmissionFilter implements AdmissionFilter {
  private final AdmissionConfig config;
  private final Clock clock;
  private final Map<String, long[]> counts = new HashMap<>(); // id -> {count, expiresAtMillis}

  public InMemoryAdmissionFilter(AdmissionConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized boolean record(String itemId) {
    long now = clock.millis();
    long[] c = live(itemId, now);
    if (c == null) {
      c = new long[2];
      counts.put(itemId, c);
    }
    c[0]++;
    c[1] = now + config.window().toMillis();
    return c[0] >= config.threshold();
  }

  @Override
  public synchronized boolean isAdmitted(String itemId) {
    long[] c = live(itemId, clock.millis());
    return c != null && c[0] >= config.threshold();
  }

  private long[] live(String itemId, long now) {
    if (itemId == null || itemId.isEmpty()) throw new IllegalArgumentException("item id is empty");
    long[] c = counts.get(itemId);
    if (c != null && now >= c[1]) {
      counts.remove(itemId);
      return null;
    }
    return c;
  }
}
