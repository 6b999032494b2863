package io.recsys.core.dataset.cli;

import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.User;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Counts what an import delivers (interactions by type, distinct users and items, metadata rows, time
 * range) and passes every row on to the next sink, printing a progress line every {@code
 * progressEvery} interactions. Memory is bounded by the number of distinct users and items, not rows.
 * Not thread-safe.
 */
final class ImportStats implements DatasetSink {
  private final DatasetSink next;
  private final PrintWriter progress;
  private final long progressEvery;
  private final long startNanos;
  private final long[] byType = new long[InteractionType.values().length];
  private final ObjectOpenHashSet<String> users = new ObjectOpenHashSet<>();
  private final ObjectOpenHashSet<String> items = new ObjectOpenHashSet<>();
  private long interactions;
  private long itemRows;
  private long userRows;
  private long minTimestamp = Long.MAX_VALUE;
  private long maxTimestamp = Long.MIN_VALUE;

  ImportStats(DatasetSink next, PrintWriter progress, long progressEvery, long startNanos) {
    if (progressEvery <= 0) throw new IllegalArgumentException("progressEvery must be positive: " + progressEvery);
    this.next = next;
    this.progress = progress;
    this.progressEvery = progressEvery;
    this.startNanos = startNanos;
  }

  @Override
  public void interaction(Interaction i) {
    next.interaction(i);
    interactions++;
    byType[i.type().ordinal()]++;
    users.add(i.userId());
    items.add(i.itemId());
    minTimestamp = Math.min(minTimestamp, i.timestampMillis());
    maxTimestamp = Math.max(maxTimestamp, i.timestampMillis());
    if (interactions % progressEvery == 0) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      progress.printf(Locale.ROOT, "imported %,d interactions (%,.0f rows/s)%n", interactions, interactions / seconds);
      progress.flush();
    }
  }

  @Override
  public boolean sessions() {
    return next.sessions();
  }

  @Override
  public void item(Item item) {
    next.item(item);
    itemRows++;
  }

  @Override
  public void user(User user) {
    next.user(user);
    userRows++;
  }

  long interactions() {
    return interactions;
  }

  long interactions(InteractionType type) {
    return byType[type.ordinal()];
  }

  int distinctUsers() {
    return users.size();
  }

  int distinctItems() {
    return items.size();
  }

  long itemRows() {
    return itemRows;
  }

  long userRows() {
    return userRows;
  }

  /** Earliest interaction time, epoch millis; meaningless when there are no interactions. */
  long minTimestamp() {
    return minTimestamp;
  }

  long maxTimestamp() {
    return maxTimestamp;
  }
}
