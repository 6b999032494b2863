package io.recsys.gateway.experiment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ExposureLog} in this process's memory: for a single gateway without Redis, and for tests.
 * Counts are lost on restart and not shared between replicas. Never throws {@link ExposureLogException}.
 *
 * <p>Thread-safe: one lock per experiment, held for a few field updates, so experiments do not contend.
 */
public final class InMemoryExposureLog implements ExposureLog {
  private final ExposureLogConfig config;
  private final Clock clock;
  private final ConcurrentHashMap<String, ExperimentLog> experiments = new ConcurrentHashMap<>();

  public InMemoryExposureLog(ExposureLogConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void recordExposure(String requestId, String userId, Assignment assignment, int itemsShown) {
    ExposureLog.checkExposure(requestId, userId, assignment, itemsShown);
    Exposure exposure = new Exposure(requestId, userId, assignment.variant(), Instant.ofEpochMilli(clock.millis()));
    ExperimentLog log = experiments.computeIfAbsent(assignment.experiment(), k -> new ExperimentLog());
    synchronized (log) {
      long[] c = log.counters(assignment.variant());
      c[0]++;
      c[1] += itemsShown;
      log.exposures.addFirst(exposure);
      if (log.exposures.size() > config.maxExposures()) log.exposures.removeLast();
    }
  }

  @Override
  public void recordFeedback(String experiment, String variant, long impressions, long clicks) {
    ExposureLog.checkFeedback(experiment, variant, impressions, clicks);
    ExperimentLog log = experiments.computeIfAbsent(experiment, k -> new ExperimentLog());
    synchronized (log) {
      long[] c = log.counters(variant);
      c[2] += impressions;
      c[3] += clicks;
    }
  }

  @Override
  public Map<String, VariantCounts> counts(String experiment) {
    ExposureLog.checkName("experiment", experiment);
    ExperimentLog log = experiments.get(experiment);
    if (log == null) return Map.of();
    Map<String, VariantCounts> out = new TreeMap<>();
    synchronized (log) {
      for (Map.Entry<String, long[]> e : log.counters.entrySet()) {
        long[] c = e.getValue();
        out.put(e.getKey(), new VariantCounts(c[0], c[1], c[2], c[3]));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public List<Exposure> recentExposures(String experiment, int limit) {
    ExposureLog.checkName("experiment", experiment);
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0: " + limit);
    ExperimentLog log = experiments.get(experiment);
    if (log == null) return List.of();
    List<Exposure> out = new ArrayList<>(Math.min(limit, 1024));
    synchronized (log) {
      Iterator<Exposure> it = log.exposures.iterator();
      while (out.size() < limit && it.hasNext()) out.add(it.next());
    }
    return List.copyOf(out);
  }

  /** One experiment's counters ({requests, shown, impressions, clicks} per variant) and newest-first log. */
  private static final class ExperimentLog {
    final Map<String, long[]> counters = new TreeMap<>();
    final ArrayDeque<Exposure> exposures = new ArrayDeque<>();

    long[] counters(String variant) {
      return counters.computeIfAbsent(variant, k -> new long[4]);
    }
  }
}
