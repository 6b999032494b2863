package io.recsys.ranking.features;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.InteractionType;
import io.recsys.evaluation.split.UserSequences;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.ItemCounter;
import io.recsys.featurestore.store.ItemCounters;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.util.Arrays;
import java.util.Set;

/**
 * Point-in-time item statistics for training examples: sweeps the dataset's events in global time
 * order, maintaining per-item engagement counts, 7-day decayed counts, first/last-seen times, live
 * counters (decayed impressions, clicks, favourites, carts and purchases, as the feature store keeps them) and the
 * sequence transition counts incrementally, and hands each query the state as it was <em>strictly
 * before</em> the query's timestamp: events with timestamp {@code >= t} are not yet applied. So a
 * training example never sees an engagement that happened at or after its own moment.
 *
 * <p>Cost: one sort of the events and of the sequence entries, then O(events + queries); state is
 * primitive arrays plus a {@link Long2IntOpenHashMap} of transitions keyed {@code from << 32 | to}.
 *
 * <p>Not thread-safe. During {@link #run} the replay itself is the {@link ItemStats} handed to the
 * callback and is valid only inside that call (it moves on afterwards). {@link #freeze()} after a run
 * gives the immutable serving snapshot with the same arithmetic.
 */
public final class PointInTimeReplay implements ItemStats {
  private static final int LEVELS = ItemCounter.COUNT;
  /** Receives one query's moment. */
  @FunctionalInterface
  public interface QueryCallback {
    /** Called once per query, in time order; {@code state} holds every event strictly before the query's time. */
    void at(int query, PointInTimeReplay state);
  }

  private final Dataset dataset;
  private final long counterHalfLifeMillis;
  private final boolean[] positive;
  private final int[] rowOrder; // dataset rows by (timestamp, row)
  private final long[] transitionTime; // sequence steps (position > 0) by time
  private final int[] transitionFrom;
  private final int[] transitionTo;

  private final int[] total;
  private final double[] decayed;
  private final long[] decayedAt;
  private final long[] firstSeen;
  private final long[] lastSeen;
  /** Per level of the ladder (impression 0 … purchase 4, {@link InteractionType#level()}), per item. */
  private final double[][] decayedByLevel;
  private final long[] countersAt;
  private final long[][] countByLevel;
  private final Long2IntOpenHashMap transitions = new Long2IntOpenHashMap();
  private int nextRow;
  private int nextTransition;
  private long lastEventTime = Long.MIN_VALUE;

  /** A replay with the feature store's default counter half-life and the default positive types. */
  public PointInTimeReplay(Dataset dataset, UserSequences sequences) {
    this(dataset, sequences, UserSequences.defaultPositiveTypes(), FeatureStoreConfig.DEFAULT_COUNTER_HALF_LIFE.toMillis());
  }

  /**
   * @param positiveTypes the interaction types that count as engagements (should be those {@code sequences} was built with)
   * @param counterHalfLifeMillis half-life of the live counters (one per level of the ladder)
   */
  public PointInTimeReplay(Dataset dataset, UserSequences sequences, Set<InteractionType> positiveTypes,
      long counterHalfLifeMillis) {
    if (counterHalfLifeMillis < 1) throw new IllegalArgumentException("counterHalfLifeMillis must be >= 1: " + counterHalfLifeMillis);
    int items = dataset.items().size();
    if (sequences.itemCount() != items) {
      throw new IllegalArgumentException("sequences cover " + sequences.itemCount() + " items, the dataset " + items);
    }
    this.dataset = dataset;
    this.counterHalfLifeMillis = counterHalfLifeMillis;
    this.positive = new boolean[InteractionType.values().length];
    for (InteractionType t : positiveTypes) positive[t.ordinal()] = true;

    int rows = dataset.size();
    rowOrder = new int[rows];
    for (int r = 0; r < rows; r++) rowOrder[r] = r;
    IntArrays.quickSort(rowOrder, (a, b) -> {
      int c = Long.compare(dataset.timestampMillis(a), dataset.timestampMillis(b));
      return c != 0 ? c : Integer.compare(a, b);
    });

    int steps = 0;
    for (int u = 0; u < sequences.userCount(); u++) steps += Math.max(0, sequences.length(u) - 1);
    int[] order = new int[steps];
    long[] time = new long[steps];
    int[] from = new int[steps], to = new int[steps];
    int k = 0;
    for (int u = 0; u < sequences.userCount(); u++) {
      for (int p = 1; p < sequences.length(u); p++) {
        time[k] = sequences.timestamp(u, p);
        from[k] = sequences.item(u, p - 1);
        to[k] = sequences.item(u, p);
        order[k] = k;
        k++;
      }
    }
    // Transition counts are integers, so ties in time may be applied in any order; stable by index anyway.
    IntArrays.quickSort(order, (a, b) -> {
      int c = Long.compare(time[a], time[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    transitionTime = new long[steps];
    transitionFrom = new int[steps];
    transitionTo = new int[steps];
    for (int i = 0; i < steps; i++) {
      transitionTime[i] = time[order[i]];
      transitionFrom[i] = from[order[i]];
      transitionTo[i] = to[order[i]];
    }

    total = new int[items];
    decayed = new double[items];
    decayedAt = new long[items];
    firstSeen = new long[items];
    lastSeen = new long[items];
    decayedByLevel = new double[LEVELS][items];
    countersAt = new long[items];
    countByLevel = new long[LEVELS][items];
    reset();
  }

  /**
   * Replays every event and calls {@code callback} once per query, in ascending time (ties in index
   * order), with the state strictly before {@code queryTimes[q]}. Starts from an empty state.
   */
  public void run(long[] queryTimes, QueryCallback callback) {
    reset();
    int q = queryTimes.length;
    int[] order = new int[q];
    for (int i = 0; i < q; i++) order[i] = i;
    IntArrays.quickSort(order, (a, b) -> {
      int c = Long.compare(queryTimes[a], queryTimes[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    for (int i = 0; i < q; i++) {
      advanceBefore(queryTimes[order[i]]);
      callback.at(order[i], this);
    }
  }

  /** Applies every remaining event and returns the serving snapshot of the final state. */
  public FrozenItemStats freeze() {
    advanceBefore(Long.MAX_VALUE);
    // Long.MAX_VALUE itself would be skipped by "strictly before"; no real event has that time, but be exact.
    while (nextRow < rowOrder.length) apply(rowOrder[nextRow++]);
    while (nextTransition < transitionTime.length) applyTransition(nextTransition++);
    int n = total.length;
    int pairs = transitions.size();
    long[] keys = new long[pairs];
    int k = 0;
    for (ObjectIterator<Long2IntMap.Entry> it = transitions.long2IntEntrySet().fastIterator(); it.hasNext(); ) {
      keys[k++] = it.next().getLongKey();
    }
    // Keys are (from << 32 | to) with both non-negative: ascending keys are from-major, to-minor.
    Arrays.sort(keys);
    int[] offset = new int[n + 1], successor = new int[pairs], count = new int[pairs];
    for (int i = 0; i < pairs; i++) {
      int from = (int) (keys[i] >>> 32);
      successor[i] = (int) keys[i];
      count[i] = transitions.get(keys[i]);
      offset[from + 1]++;
    }
    for (int i = 0; i < n; i++) offset[i + 1] += offset[i];
    return new FrozenItemStats(total.clone(), decayed.clone(), decayedAt.clone(), firstSeen.clone(), lastSeen.clone(),
        offset, successor, count, lastEventTime);
  }

  /** Time of the last event applied so far (Long.MIN_VALUE before any). */
  public long lastEventTime() {
    return lastEventTime;
  }

  @Override
  public double totalCount(int item) {
    return total[item];
  }

  @Override
  public double decayedCount(int item, long now) {
    return ItemStats.decay(decayed[item], decayedAt[item], now, POPULARITY_HALF_LIFE_MILLIS);
  }

  @Override
  public long firstSeen(int item) {
    return firstSeen[item];
  }

  /** Time of the item's last engagement so far, or {@link Long#MIN_VALUE}. */
  public long lastSeen(int item) {
    return lastSeen[item];
  }

  @Override
  public int transitions(int from, int to) {
    return transitions.get((long) from << 32 | to);
  }

  /** The item's live counters as the feature store would report them at {@code now}. */
  public ItemCounters counters(int item, long now) {
    long at = countersAt[item];
    double[] d = new double[LEVELS];
    for (int l = 0; l < LEVELS; l++) d[l] = ItemStats.decay(decayedByLevel[l][item], at, now, counterHalfLifeMillis);
    return new ItemCounters(d[0], d[1], d[2], d[3], d[4], countByLevel[0][item], countByLevel[1][item],
        countByLevel[2][item], countByLevel[3][item], countByLevel[4][item]);
  }

  private void reset() {
    Arrays.fill(total, 0);
    Arrays.fill(decayed, 0);
    Arrays.fill(decayedAt, 0);
    Arrays.fill(firstSeen, Long.MIN_VALUE);
    Arrays.fill(lastSeen, Long.MIN_VALUE);
    for (double[] d : decayedByLevel) Arrays.fill(d, 0);
    Arrays.fill(countersAt, 0);
    for (long[] c : countByLevel) Arrays.fill(c, 0);
    transitions.clear();
    nextRow = 0;
    nextTransition = 0;
    lastEventTime = Long.MIN_VALUE;
  }

  private void advanceBefore(long t) {
    while (nextRow < rowOrder.length && dataset.timestampMillis(rowOrder[nextRow]) < t) apply(rowOrder[nextRow++]);
    while (nextTransition < transitionTime.length && transitionTime[nextTransition] < t) applyTransition(nextTransition++);
  }

  private void apply(int row) {
    int item = dataset.itemIndex(row);
    long ts = dataset.timestampMillis(row);
    InteractionType type = dataset.type(row);
    lastEventTime = Math.max(lastEventTime, ts);
    if (positive[type.ordinal()]) {
      total[item]++;
      decayed[item] = ItemStats.decay(decayed[item], decayedAt[item], ts, POPULARITY_HALF_LIFE_MILLIS) + 1;
      decayedAt[item] = Math.max(decayedAt[item], ts);
      if (firstSeen[item] == Long.MIN_VALUE) firstSeen[item] = ts;
      lastSeen[item] = Math.max(lastSeen[item], ts);
    }
    int level = type.level(); // every level is counted, as the feature store does; a rating is not
    if (level >= 0) {
      long at = countersAt[item];
      for (double[] d : decayedByLevel) d[item] = ItemStats.decay(d[item], at, ts, counterHalfLifeMillis);
      countersAt[item] = Math.max(at, ts);
      decayedByLevel[level][item] += 1;
      countByLevel[level][item]++;
    }
  }

  private void applyTransition(int k) {
    lastEventTime = Math.max(lastEventTime, transitionTime[k]);
    transitions.addTo((long) transitionFrom[k] << 32 | transitionTo[k], 1);
  }
}
