package io.recsys.featurestore.ingest.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingestion meters (Prometheus names in brackets): accepted events
 * ({@code recsys_ingest_events_accepted_total}), rejected batches by reason
 * ({@code recsys_ingest_batches_rejected_total{reason=invalid|unavailable|backlog_full}}), events
 * applied per side and duplicates skipped ({@code recsys_ingest_events_applied_total{side}},
 * {@code recsys_ingest_events_duplicate_total{side}}), dead letters by cause
 * ({@code recsys_ingest_dead_letters_total{cause=undecodable|failing}}), newly admitted items, the
 * stream backlog and its cap ({@code recsys_ingest_stream_backlog}, {@code recsys_ingest_stream_backlog_cap}),
 * and the apply latency per batch. Thread-safe.
 */
public final class IngestMetrics {
  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter appliedUser, appliedItem, duplicateUser, duplicateItem;
  private final Counter admitted;
  private final Timer applyTime;
  private final AtomicLong backlog = new AtomicLong();

  public IngestMetrics(MeterRegistry registry, long backlogCap) {
    this.registry = registry;
    accepted = registry.counter("recsys.ingest.events.accepted");
    appliedUser = registry.counter("recsys.ingest.events.applied", "side", "user");
    appliedItem = registry.counter("recsys.ingest.events.applied", "side", "item");
    duplicateUser = registry.counter("recsys.ingest.events.duplicate", "side", "user");
    duplicateItem = registry.counter("recsys.ingest.events.duplicate", "side", "item");
    admitted = registry.counter("recsys.ingest.items.admitted");
    applyTime = registry.timer("recsys.ingest.apply");
    Gauge.builder("recsys.ingest.stream.backlog", backlog, AtomicLong::get)
        .description("entries in the event stream (unapplied plus not yet trimmed)").register(registry);
    Gauge.builder("recsys.ingest.stream.backlog.cap", () -> backlogCap).register(registry);
    // Created up front so that dashboards and alerts see zeros, not absent series.
    for (String r : new String[] {"invalid", "conflict", "unavailable", "backlog_full", "unauthorized"}) rejected(r, 0);
    for (String c : new String[] {"undecodable", "failing"}) registry.counter("recsys.ingest.dead.letters", "cause", c);
  }

  public void accepted(int events) {
    accepted.increment(events);
  }

  public void rejected(String reason, int batches) {
    registry.counter("recsys.ingest.batches.rejected", "reason", reason).increment(batches);
  }

  public void applied(int events, int userApplied, int itemApplied, int newlyAdmitted, long nanos) {
    appliedUser.increment(userApplied);
    appliedItem.increment(itemApplied);
    if (events >= 0) { // -1: the caller cannot tell duplicates from events applied earlier in a failed call
      duplicateUser.increment(events - userApplied);
      duplicateItem.increment(events - itemApplied);
    }
    admitted.increment(newlyAdmitted);
    applyTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Events that moved a user's interest mixture, and mixtures reset because they did not fit the clustering. */
  public void mixtures(int updated, int reset) {
    if (updated > 0) registry.counter("recsys.ingest.mixtures.updated").increment(updated);
    if (reset > 0) registry.counter("recsys.ingest.mixtures.reset").increment(reset);
  }

  public void deadLettered(String cause) {
    registry.counter("recsys.ingest.dead.letters", "cause", cause).increment();
  }

  public void backlog(long entries) {
    backlog.set(entries);
  }

  public long backlog() {
    return backlog.get();
  }

  public double deadLetters() {
    return registry.counter("recsys.ingest.dead.letters", "cause", "undecodable").count()
        + registry.counter("recsys.ingest.dead.letters", "cause", "failing").count();
  }
}
