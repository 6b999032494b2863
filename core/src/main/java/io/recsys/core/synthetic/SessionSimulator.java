package io.recsys.core.synthetic;

import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays out one user's sessions until their event budget is spent, streaming the events to a sink.
 *
 * <p>Per impression: with probability p_drift (and only once the session has a click) the item is a
 * ring neighbour of the session's previous click, offset by a two-sided geometric step; otherwise,
 * with probability {@code exploreProbability} an item from a topic drawn by topic popularity;
 * otherwise a topic from the user's interest mixture and an item from it by popularity. Then the
 * funnel: click with the item's CTR (times {@code offInterestClickFactor} outside the user's
 * interests), cart given click with the cart rate, purchase given cart with the purchase rate.
 * Timestamps strictly increase within a user. The budget may end a session mid-funnel (a click
 * without its cart), never breaking the funnel's order.
 *
 * <p>Reuses scratch arrays between users: not thread-safe, one per generating thread.
 */
final class SessionSimulator {
  static final long SECOND = 1000;
  static final long HOUR = 3600 * SECOND;
  static final long DAY = 24 * HOUR;
  /** A user's first session starts uniformly within this window after the start. */
  static final long FIRST_SESSION_WINDOW = 30 * DAY;
  static final long MIN_SESSION_GAP = HOUR;

  private final Catalog catalog;
  private final ModelParameters model;
  private final double sessionContinuation;
  private final int[] interestTopic;
  private final double[] interestCumulative;
  private final long[] countByType = new long[InteractionType.values().length];
  private long sessions;

  SessionSimulator(Catalog catalog, ModelParameters model) {
    this.catalog = catalog;
    this.model = model;
    this.sessionContinuation = 1 - 1 / model.meanSessionLength();
    this.interestTopic = new int[model.maxInterests()];
    this.interestCumulative = new double[model.maxInterests()];
  }

  /** Emits exactly {@code budget} events of {@code user} to {@code sink}. */
  void simulate(UserProfile user, SplittableRandom rng, long budget, DatasetSink sink) {
    List<Interest> interests = user.interests();
    int k = interests.size();
    double cum = 0;
    for (int i = 0; i < k; i++) {
      interestTopic[i] = interests.get(i).topic();
      cum += interests.get(i).weight();
      interestCumulative[i] = cum;
    }
    interestCumulative[k - 1] = 1.0;

    String userId = user.userId();
    long time = model.startMillis() + (long) (rng.nextDouble() * FIRST_SESSION_WINDOW);
    long remaining = budget;
    while (remaining > 0) {
      sessions++;
      int length = RandomVariates.geometric(rng, sessionContinuation);
      int lastClick = -1;
      for (int i = 0; i < length && remaining > 0; i++) {
        int item = nextItem(rng, lastClick, k);
        time += SECOND + (long) RandomVariates.exponential(rng, 15 * SECOND);
        emit(sink, userId, item, InteractionType.IMPRESSION, time);
        if (--remaining == 0) break;

        double clickProbability = catalog.ctr(item);
        if (!interested(catalog.topic(item), k)) clickProbability *= model.offInterestClickFactor();
        if (rng.nextDouble() >= clickProbability) continue;
        time += SECOND / 2 + (long) RandomVariates.exponential(rng, 3 * SECOND);
        emit(sink, userId, item, InteractionType.CLICK, time);
        lastClick = item;
        if (--remaining == 0 || rng.nextDouble() >= catalog.cartRate(item)) continue;
        time += 2 * SECOND + (long) RandomVariates.exponential(rng, 30 * SECOND);
        emit(sink, userId, item, InteractionType.CART, time);
        if (--remaining == 0 || rng.nextDouble() >= catalog.purchaseRate(item)) continue;
        time += 5 * SECOND + (long) RandomVariates.exponential(rng, 60 * SECOND);
        emit(sink, userId, item, InteractionType.PURCHASE, time);
        --remaining;
      }
      time += MIN_SESSION_GAP + (long) RandomVariates.exponential(rng, model.meanSessionGapHours() * HOUR);
    }
  }

  private int nextItem(SplittableRandom rng, int lastClick, int k) {
    if (lastClick >= 0 && rng.nextDouble() < model.driftProbability()) {
      int step = RandomVariates.geometric(rng, model.driftContinuation());
      return catalog.ringNeighbour(lastClick, rng.nextBoolean() ? step : -step);
    }
    int topic;
    if (rng.nextDouble() < model.exploreProbability()) {
      topic = catalog.topicByPopularity(rng.nextDouble());
    } else {
      double u = rng.nextDouble();
      int i = 0;
      while (interestCumulative[i] <= u) i++;
      topic = interestTopic[i];
    }
    return catalog.itemByPopularity(topic, rng.nextDouble());
  }

  private boolean interested(int topic, int k) {
    for (int i = 0; i < k; i++) {
      if (interestTopic[i] == topic) return true;
    }
    return false;
  }

  private void emit(DatasetSink sink, String userId, int item, InteractionType type, long time) {
    sink.interaction(new Interaction(userId, Catalog.itemId(item), type, 1f, time));
    countByType[type.ordinal()]++;
  }

  /** Events emitted so far, by {@link InteractionType} ordinal. */
  long count(InteractionType type) {
    return countByType[type.ordinal()];
  }

  long sessions() {
    return sessions;
  }
}
