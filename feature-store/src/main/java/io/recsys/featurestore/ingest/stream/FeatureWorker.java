package io.recsys.featurestore.ingest.stream;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.store.AdmissionFilter;
import io.recsys.featurestore.store.AppliedEvents;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.PartiallyAppliedException;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import io.recsys.featurestore.store.StreamPosition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the event stream's group: reads entries ({@code XREADGROUP}), applies them to the
 * real-time features ({@link RealtimeFeatureWriter}, idempotent per event id), then acknowledges them
 * ({@code XACK}). A crash anywhere before the acknowledgement leaves the entries pending; they are
 * applied again — by this consumer name after a restart ({@link #drainOwnPending}), or by any worker
 * once they have been pending for {@code reclaimAfter} ({@link #reclaim}, {@code XAUTOCLAIM}) — and
 * the writer's de-duplication makes the second application change nothing that the first did.
 *
 * <p>The writer also refreshes each user's interest-mixture weights from the events' item clusters, in
 * the same atomic, de-duplicated user-side update as the history push ({@link
 * io.recsys.featurestore.store.InterestMixtureRule}); stored mixtures reset because the cluster count
 * changed are counted ({@code recsys.ingest.mixtures.reset}) and logged.
 *
 * <p>Failures: Redis unreachable fails the whole batch, which stays pending and is retried. An error
 * reply from Redis (a bad key type, a script error) is specific to some events: the batch is then
 * applied event by event, the good ones acknowledged, and the failing ones left pending with the reason
 * recorded. An entry delivered {@code maxDeliveries} times goes to the dead-letter stream with that
 * reason; an entry that cannot be decoded goes there at once.
 *
 * <p>Runs on one thread ({@link #run}); {@link #stop} may be called from any thread.
 */
public final class FeatureWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(FeatureWorker.class);
  private static final int MAX_CLAIM_PAGES = 16;

  private final EventStream stream;
  private final RealtimeFeatureWriter writer;
  private final AdmissionFilter admission;
  private final String consumer;
  private final IngestProperties props;
  private final IngestMetrics metrics;
  private final Map<String, String> lastFailure;
  private volatile boolean running = true;
  private long lastWarnNanos;

  /**
   * @param stream the stream on this worker's own connection (a blocking read holds its connection)
   * @param lastFailure entry id → why its last application failed, shared by the process's workers
   */
  public FeatureWorker(EventStream stream, RealtimeFeatureWriter writer, AdmissionFilter admission, String consumer,
      IngestProperties props, IngestMetrics metrics, Map<String, String> lastFailure) {
    this.stream = stream;
    this.writer = writer;
    this.admission = admission;
    this.consumer = consumer;
    this.props = props;
    this.metrics = metrics;
    this.lastFailure = lastFailure;
  }

  public String consumer() {
    return consumer;
  }

  @Override
  public void run() {
    boolean ownDrained = false;
    long nextReclaim = 0;
    long backoffMillis = 10;
    while (running) {
      try {
        if (!ownDrained) {
          drainOwnPending();
          ownDrained = true;
        }
        if (System.nanoTime() - nextReclaim >= 0) {
          reclaim();
          nextReclaim = System.nanoTime() + props.reclaimInterval().toNanos();
        }
        process(stream.readNew(consumer), false);
        backoffMillis = 10;
      } catch (RuntimeException e) {
        if (!running) break;
        if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
          recreateGroup(); // the stream was deleted (FLUSHALL, an operator): start over, nothing is pending
          continue;
        }
        // What this worker was applying when it failed is still pending under its name: take it up first.
        ownDrained = false;
        warn(e);
        sleep(backoffMillis);
        backoffMillis = Math.min(1000, backoffMillis * 2);
      }
    }
  }

  public void stop() {
    running = false;
  }

  private void recreateGroup() {
    try {
      stream.ensureGroup();
      log.warn("feature worker {}: the consumer group was missing and has been created again", consumer);
    } catch (RuntimeException e) {
      warn(e);
      sleep(100);
    }
  }

  /** Re-applies every entry this consumer name holds unacknowledged (after a restart). */
  public void drainOwnPending() {
    String after = "0";
    while (running) {
      List<StreamMessage<String, byte[]>> batch = stream.readOwnPending(consumer, after);
      if (batch.isEmpty()) return;
      process(batch, true);
      after = batch.getLast().getId();
    }
  }

  /** Dead-letters entries delivered too often, then takes over and applies entries pending too long. */
  public void reclaim() {
    for (PendingMessage p : stream.stalePending(props.readCount())) {
      if (p.getRedeliveryCount() < props.maxDeliveries()) continue;
      String reason = lastFailure.remove(p.getId());
      if (reason == null) reason = "not acknowledged after " + p.getRedeliveryCount() + " deliveries";
      byte[] entry = stream.entry(p.getId());
      if (entry == null) { // deleted by an erasure while pending: nothing is left to keep
        stream.ack(List.of(p.getId()));
        continue;
      }
      stream.deadLetter(p.getId(), entry, reason, p.getRedeliveryCount());
      metrics.deadLettered("failing");
      log.warn("event stream entry {} moved to the dead-letter stream {}: {}", p.getId(), props.deadLetterStream(), reason);
    }
    String start = "0-0";
    for (int page = 0; page < MAX_CLAIM_PAGES && running; page++) {
      ClaimedMessages<String, byte[]> claimed = stream.claimStale(consumer, start);
      process(claimed.getMessages(), true);
      start = claimed.getId();
      if (start == null || "0-0".equals(start)) return;
    }
  }

  /** Applies a batch of first deliveries; see {@link #process(List, boolean)}. */
  public int process(List<StreamMessage<String, byte[]>> batch) {
    return process(batch, false);
  }

  /**
   * Applies a batch, announces the items it admitted, and acknowledges what was applied; returns how
   * many entries were acknowledged. {@code redelivered}: the entries may have been applied before (a
   * restart, a takeover), so the announcements of that earlier run may be lost too: every admitted item
   * of the batch is announced again.
   */
  public int process(List<StreamMessage<String, byte[]>> batch, boolean redelivered) {
    if (batch.isEmpty()) return 0;
    List<FeatureEvent> events = new ArrayList<>(batch.size());
    List<String> ids = new ArrayList<>(batch.size());
    int settled = 0;
    List<String> erased = new ArrayList<>();
    for (StreamMessage<String, byte[]> m : batch) {
      if (m.getBody() == null || m.getBody().isEmpty()) {
        // Deleted from the stream while pending: an erasure took the user's events out (EventStream.eraseUser).
        erased.add(m.getId());
        continue;
      }
      byte[] bytes = m.getBody().get(StreamEntryCodec.FIELD);
      try {
        events.add(StreamEntryCodec.decode(bytes).toFeatureEvent(StreamPosition.parse(m.getId())));
        ids.add(m.getId());
      } catch (IllegalArgumentException e) {
        stream.deadLetter(m.getId(), bytes, "undecodable: " + e.getMessage(), 1);
        metrics.deadLettered("undecodable");
        settled++;
        log.warn("undecodable event stream entry {} moved to {}: {}", m.getId(), props.deadLetterStream(), e.getMessage());
      }
    }
    if (!erased.isEmpty()) {
      stream.ack(erased);
      settled += erased.size();
    }
    if (events.isEmpty()) return settled;
    try {
      apply(events, redelivered, true);
      stream.ack(ids);
      return settled + ids.size();
    } catch (PartiallyAppliedException e) {
      // What the batch did apply was counted and announced in apply(); find the culprit event by event.
      return settled + applyOneByOne(events, ids, redelivered);
    } catch (FeatureStoreException e) {
      if (!isErrorReply(e)) throw e; // unreachable or timed out: the batch stays pending as a whole
      return settled + applyOneByOne(events, ids, redelivered);
    }
  }

  /**
   * The fallback after an error reply: each event alone, so only the failing ones stay pending (and
   * end as dead letters once they keep failing). Events the batch call already applied are found
   * marked here and change nothing; so that they are not reported as duplicates, this path counts no
   * duplicates at all.
   */
  private int applyOneByOne(List<FeatureEvent> events, List<String> ids, boolean redelivered) {
    List<String> done = new ArrayList<>(ids.size());
    for (int i = 0; i < events.size(); i++) {
      try {
        apply(List.of(events.get(i)), redelivered, false);
        done.add(ids.get(i));
        lastFailure.remove(ids.get(i));
      } catch (PartiallyAppliedException e) {
        lastFailure.put(ids.get(i), String.valueOf(e.getMessage()));
      } catch (FeatureStoreException e) {
        if (!isErrorReply(e)) throw e;
        lastFailure.put(ids.get(i), String.valueOf(e.getMessage()));
      }
    }
    stream.ack(done);
    return done.size();
  }

  /**
   * Applies, then counts and announces what was applied — also when the writer refused part of the
   * events ({@link PartiallyAppliedException} carries the rest): an admission the batch caused must be
   * announced even if the batch then fails, since applying it again reports nothing new.
   */
  private void apply(List<FeatureEvent> events, boolean redelivered, boolean countDuplicates) {
    long t0 = System.nanoTime();
    try {
      record(events, writer.apply(events), redelivered, countDuplicates, t0);
    } catch (PartiallyAppliedException e) {
      record(events, e.applied(), redelivered, false, t0);
      throw e;
    }
  }

  private void record(List<FeatureEvent> events, AppliedEvents r, boolean redelivered, boolean countDuplicates, long t0) {
    metrics.applied(countDuplicates ? events.size() : -1, r.userSideApplied(), r.itemSideApplied(), r.newlyAdmitted().size(),
        System.nanoTime() - t0);
    announceAdmitted(events, r.newlyAdmitted(), redelivered);
    metrics.mixtures(r.mixturesUpdated(), r.mixturesReset());
    if (r.mixturesReset() > 0) {
      log.info("feature worker {}: {} users' interest mixtures did not fit the current clustering and were reset",
          consumer, r.mixturesReset());
    }
  }

  /**
   * Monolith's admission, made visible: items whose event count just reached the threshold are
   * announced on the admitted-items stream ({@link EventStream#announceAdmitted}) before the entries
   * are acknowledged, so the consumers building the model-facing tables (embeddings, ANN refresh) learn
   * of every admission at least once. A crash between the feature update and the announcement leaves
   * the entries pending; their redelivery finds the events already applied (nothing "newly" admitted),
   * so for redelivered entries every admitted item of the batch is announced again.
   */
  private void announceAdmitted(List<FeatureEvent> events, List<String> newlyAdmitted, boolean redelivered) {
    Set<String> announce = new LinkedHashSet<>(newlyAdmitted);
    if (redelivered) {
      Set<String> items = new LinkedHashSet<>();
      for (FeatureEvent e : events) items.add(e.itemId());
      announce.addAll(admission.admittedAmong(items));
    }
    if (announce.isEmpty()) return;
    stream.announceAdmitted(announce);
    if (log.isDebugEnabled()) log.debug("items admitted: {}", announce);
  }

  /** True when Redis answered with an error (so the events, not the connection, are the problem). */
  private static boolean isErrorReply(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisCommandExecutionException) return true;
    }
    return false;
  }

  private void warn(RuntimeException e) {
    long now = System.nanoTime();
    if (now - lastWarnNanos < 5_000_000_000L) return; // one line per 5 s while Redis is away
    lastWarnNanos = now;
    log.warn("feature worker {}: {} (retrying)", consumer, e.getMessage());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
