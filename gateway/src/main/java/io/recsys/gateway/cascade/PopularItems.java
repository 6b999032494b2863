package io.recsys.gateway.cascade;

import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.gateway.cascade.StageMessages.CandidatesAnswer;
import io.recsys.gateway.cascade.StageMessages.CandidatesCall;
import io.recsys.gateway.cascade.StageMessages.Candidate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last rung of the degradation ladder: the candidate service's popular items, kept in the
 * gateway's memory so that they still serve while that service is down. {@link #refresh} (scheduled by
 * the gateway, and once at start) asks the candidate service for its {@code popular} strategy and
 * reads each item's categories from the feature store, so that a category filter still holds on the
 * fallback (an item whose categories are unknown is left out of a filtered answer). A failed refresh
 * keeps the previous snapshot: stale popular items beat none.
 *
 * <p>Thread-safe: requests read one immutable snapshot; refreshes replace it atomically.
 */
public final class PopularItems {
  private static final Logger log = LoggerFactory.getLogger(PopularItems.class);
  /** The user id the refresh asks with: the popular strategy ignores the user, the parser needs one. */
  static final String REFRESH_USER = "gateway-popular-items";
  /** Off the request path: a cold candidate service's first answer may take far longer than a request's budget. */
  static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(5);

  /** One popular item and its categories (empty when unknown). */
  public record Entry(Candidate candidate, Set<String> categories) {}

  /** What a refresh kept. */
  public record Snapshot(List<Entry> entries, Instant refreshedAt, String modelVersion) {
    static final Snapshot EMPTY = new Snapshot(List.of(), null, null);
  }

  private final StageClient candidates;
  private final FeatureStore store;
  private final int count;
  private final Clock clock;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.EMPTY);
  /** Set after a failed refresh: the next failures log at debug until one succeeds (no warning every 2 s). */
  private volatile boolean failing;

  public PopularItems(StageClient candidates, FeatureStore store, int count, Clock clock) {
    if (count < 1) throw new IllegalArgumentException("count must be >= 1: " + count);
    this.candidates = candidates;
    this.store = store;
    this.count = count;
    this.clock = clock;
  }

  /** Reads the popular items again; true when the snapshot was replaced. */
  public boolean refresh() {
    StageResult<CandidatesAnswer> r = candidates.callOffPath(new CandidatesCall(REFRESH_USER, count, null, List.of(), "popular"),
        CandidatesAnswer.class, REFRESH_TIMEOUT);
    if (!r.ok() || r.value().candidates() == null || r.value().candidates().isEmpty()) {
      if (!failing) {
        log.warn("popular items not refreshed ({}: {}); {} kept from {}; retrying quietly until it works", r.outcome().tag(), r.detail(),
            size(), snapshot.get().refreshedAt());
      } else {
        log.debug("popular items not refreshed ({}: {})", r.outcome().tag(), r.detail());
      }
      failing = true;
      return false;
    }
    if (failing) log.info("popular items refreshed again: {} items", r.value().candidates().size());
    failing = false;
    List<Candidate> items = r.value().candidates();
    List<Set<String>> categories = categories(items);
    List<Entry> entries = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) entries.add(new Entry(items.get(i), categories.get(i)));
    snapshot.set(new Snapshot(List.copyOf(entries), clock.instant(), r.value().modelVersion()));
    return true;
  }

  private List<Set<String>> categories(List<Candidate> items) {
    List<String> ids = new ArrayList<>(items.size());
    for (Candidate c : items) ids.add(c.itemId());
    List<Set<String>> out = new ArrayList<>(items.size());
    try {
      List<ItemFeatures> read = store.items(ids);
      for (ItemFeatures f : read) out.add(f.present() ? Set.copyOf(f.categories()) : Set.of());
    } catch (RuntimeException e) {
      log.warn("popular items: categories not read from the feature store ({}); filtered fallbacks will be empty", e.toString());
      out.clear();
      for (int i = 0; i < items.size(); i++) out.add(Set.of());
    }
    return out;
  }

  /** Up to {@code n} popular items, none of {@code excluded}, each of one of {@code categories} when given. */
  public List<Candidate> top(int n, List<String> categories, List<String> excluded) {
    Set<String> skip = new HashSet<>(excluded);
    List<Candidate> out = new ArrayList<>(Math.min(n, size()));
    for (Entry e : snapshot.get().entries()) {
      if (out.size() >= n) break;
      if (skip.contains(e.candidate().itemId())) continue;
      if (!categories.isEmpty() && !intersects(e.categories(), categories)) continue;
      out.add(e.candidate());
    }
    return out;
  }

  private static boolean intersects(Set<String> have, List<String> wanted) {
    for (String c : wanted) if (have.contains(c)) return true;
    return false;
  }

  /** False when the candidate stage is not deployed: there is nothing to refresh from. */
  public boolean hasSource() {
    return candidates.settings().deployed();
  }

  public int size() {
    return snapshot.get().entries().size();
  }

  public Snapshot snapshot() {
    return snapshot.get();
  }

  /** How old the snapshot is, or null before the first refresh. */
  public Duration age() {
    Instant at = snapshot.get().refreshedAt();
    return at == null ? null : Duration.between(at, clock.instant());
  }
}
