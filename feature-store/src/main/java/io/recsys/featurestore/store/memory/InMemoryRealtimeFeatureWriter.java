package io.recsys.featurestore.store.memory;

import io.recsys.featurestore.store.AppliedEvents;
import io.recsys.featurestore.store.CounterState;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.InterestMixtureRule;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.RealtimeConfig;
import io.recsys.featurestore.store.RealtimeFeatureWriter;
import io.recsys.featurestore.store.memory.InMemoryData.ItemState;
import io.recsys.featurestore.store.memory.InMemoryData.UserState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory {@link RealtimeFeatureWriter}, on the same {@link InMemoryData} as an
 * {@link InMemoryFeatureStore}: same de-duplication rules as the Redis scripts (user: event ids
 * remembered for the window from when they were applied; item: markers that expire after the window),
 * TTL refresh of the whole user on every applied event, admission counts in the given filter, the
 * interest-mixture refresh of {@link InterestMixtureRule} for events the user side applies.
 *
 * <p>Thread-safe: each batch runs under the data's monitor.
 */
public final class InMemoryRealtimeFeatureWriter implements RealtimeFeatureWriter {
  private static final int PRUNE_EVERY = 1024;

  private final InMemoryData data;
  private final FeatureStoreConfig config;
  private final RealtimeConfig realtime;
  private final InMemoryAdmissionFilter admission;
  private final Clock clock;

  /** {@code admission} must use {@code realtime.admission()}; it is where {@code isAdmitted} looks. */
  public InMemoryRealtimeFeatureWriter(InMemoryData data, FeatureStoreConfig config, RealtimeConfig realtime,
      InMemoryAdmissionFilter admission, Clock clock) {
    this.data = Objects.requireNonNull(data, "data");
    this.config = Objects.requireNonNull(config, "config");
    this.realtime = Objects.requireNonNull(realtime, "realtime");
    this.admission = Objects.requireNonNull(admission, "admission");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public AppliedEvents apply(List<FeatureEvent> events) {
    long now = clock.millis();
    long window = realtime.dedupWindow().toMillis();
    double halfLife = config.halfLifeMillis();
    int userApplied = 0, itemApplied = 0, mixturesUpdated = 0, mixturesReset = 0;
    List<String> admitted = new ArrayList<>();
    synchronized (data) {
      for (FeatureEvent e : events) {
        if (applyUserSide(e, now, window)) {
          userApplied++;
          int moved = refreshMixture(data.users.get(e.userId()), e);
          if (moved > 0) mixturesUpdated++;
          if (moved > 1) mixturesReset++;
        }
        ItemState item = data.items.get(e.itemId());
        if (item != null && item.expired(now)) item = null; // as Redis expires a provisional record
        if (item == null) {
          item = new ItemState();
          data.items.put(e.itemId(), item);
        }
        Long expires = item.eventMarks.get(e.eventId());
        if (expires != null && expires > now) continue;
        item.eventMarks.put(e.eventId(), now + window);
        if (item.eventMarks.size() % PRUNE_EVERY == 0) item.eventMarks.values().removeIf(t -> t <= now);
        itemApplied++;
        boolean createsRecord = !item.holdsFeatures();
        ItemCounter c = e.counter();
        if (c != null) item.counters = CounterState.add(item.counters, c, 1, e.timestampMillis(), halfLife);
        boolean before = admission.isAdmitted(e.itemId());
        boolean isAdmitted = admission.record(e.itemId());
        if (isAdmitted && !before) admitted.add(e.itemId());
        // Monolith's hygiene, as the Redis item script: counters ingestion keeps for an item that has no
        // catalogue data and is not admitted expire with the admission window; admission makes them stay.
        boolean provisional = item.provisionalUntil != 0 && !item.hasMetadata && item.embedding == null;
        if (provisional || (createsRecord && item.counters != null)) {
          item.provisionalUntil = isAdmitted ? 0 : now + realtime.admission().window().toMillis();
        }
      }
    }
    return new AppliedEvents(userApplied, itemApplied, admitted, mixturesUpdated, mixturesReset);
  }

  /**
   * Moves the user's interest mixture toward the event's item cluster ({@link InterestMixtureRule});
   * returns 0 when nothing moved (impression, item without a cluster), 1 when the weights were mixed,
   * 2 when they did not fit the clustering and were started again from uniform. Caller holds the monitor.
   */
  private int refreshMixture(UserState u, FeatureEvent e) {
    double alpha = realtime.mixture().alpha(e.type());
    Integer cluster = data.clusterByItem.get(e.itemId());
    if (alpha == 0 || cluster == null) return 0;
    int k = data.clusterCount;
    boolean reset = u.mixture != null && !InterestMixtureRule.fits(u.mixture, k);
    double[] w = InterestMixtureRule.start(u.mixture, k);
    InterestMixtureRule.mix(w, cluster, alpha);
    u.mixture = InterestMixtureRule.normalised(w);
    return reset ? 2 : 1;
  }

  /**
   * Newest first by event time, equal timestamps by arrival (the later first), as the Redis user script
   * keeps it: an in-order entry goes to the front, an older one before the first entry that is not newer.
   */
  private void insertByEventTime(UserState u, HistoryEntry entry) {
    HistoryEntry head = u.history.peekFirst();
    if (head == null || entry.timestampMillis() >= head.timestampMillis()) {
      u.history.addFirst(entry);
      return;
    }
    List<HistoryEntry> all = new ArrayList<>(u.history);
    int pos = all.size();
    for (int k = 0; k < all.size(); k++) {
      if (all.get(k).timestampMillis() <= entry.timestampMillis()) {
        pos = k;
        break;
      }
    }
    if (pos == all.size() && all.size() >= config.historyCap()) return; // older than every entry of a full history
    all.add(pos, entry);
    u.history.clear();
    u.history.addAll(all);
  }

  /** Pushes the event to the user's history unless its id was applied within the window; caller holds the monitor. */
  private boolean applyUserSide(FeatureEvent e, long now, long window) {
    InMemoryData.Fence fence = data.fences.get(e.userId());
    if (fence != null && now >= fence.expiresAtMillis()) {
      data.fences.remove(e.userId());
      fence = null;
    }
    // Accepted before the user's erasure: never applied, however late it arrives here.
    if (fence != null && e.accepted() != null && e.accepted().compareTo(fence.position()) <= 0) return false;
    UserState u = data.users.get(e.userId());
    if (u != null && now >= u.expiresAtMillis) {
      data.users.remove(e.userId());
      u = null;
    }
    if (u == null) {
      u = new UserState();
      data.users.put(e.userId(), u);
    }
    Iterator<Map.Entry<String, Long>> it = u.seenEvents.entrySet().iterator();
    while (it.hasNext() && it.next().getValue() < now - window) it.remove();
    if (u.seenEvents.containsKey(e.eventId())) return false;
    u.seenEvents.put(e.eventId(), now);
    insertByEventTime(u, e.historyEntry());
    while (u.history.size() > config.historyCap()) u.history.removeLast();
    u.expiresAtMillis = config.userTtl().isZero() ? Long.MAX_VALUE : now + config.userTtl().toMillis();
    return true;
  }
}
