package io.recsys.featurestore.store;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.User;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk-loads an imported dataset into a {@link FeatureStore}: item metadata and each user's recent
 * history, in batches of {@code batchSize} (each batch is one pipelined round trip). User attributes are
 * written one user per round trip, since they are small and few datasets carry them.
 *
 * <p>{@link #load(Dataset)} orders each user's history by timestamp and keeps the newest
 * {@code historyCap}; {@link #sink()} streams and pushes history in arrival order (readers deliver files
 * in file order, which for event logs is time order). Not thread-safe.
 */
public final class DatasetLoader {
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private final FeatureStore store;
  private final int historyCap;
  private final int batchSize;

  public DatasetLoader(FeatureStore store, int historyCap, int batchSize) {
    if (historyCap < 1) throw new IllegalArgumentException("historyCap must be >= 1: " + historyCap);
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    this.store = store;
    this.historyCap = historyCap;
    this.batchSize = batchSize;
  }

  /** What a load wrote. */
  public record LoadSummary(int items, int users, long historyEntries) {}

  /** Loads items with metadata, users' attributes, and each user's newest {@code historyCap} interactions. */
  public LoadSummary load(Dataset data) {
    List<Item> batch = new ArrayList<>(batchSize);
    int items = 0;
    for (int i = 0; i < data.items().size(); i++) {
      Item item = data.itemMetadata(i);
      if (item == null) continue;
      batch.add(item);
      items++;
      if (batch.size() == batchSize) {
        store.putItems(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.putItems(batch);

    int users = data.users().size();
    for (int u = 0; u < users; u++) {
      User user = data.userMetadata(u);
      if (user != null && !user.attributes().isEmpty()) store.putUserAttributes(user.userId(), user.attributes());
    }
    return new LoadSummary(items, users, loadHistories(data));
  }

  private long loadHistories(Dataset data) {
    int users = data.users().size();
    // Rows grouped by user (counting sort), then each user's rows ordered by time.
    int[] start = new int[users + 1];
    for (int r = 0; r < data.size(); r++) start[data.userIndex(r) + 1]++;
    for (int u = 0; u < users; u++) start[u + 1] += start[u];
    int[] rows = new int[data.size()];
    int[] fill = start.clone();
    for (int r = 0; r < data.size(); r++) rows[fill[data.userIndex(r)]++] = r;

    long written = 0;
    Map<String, List<HistoryEntry>> batch = new LinkedHashMap<>();
    int batched = 0;
    for (int u = 0; u < users; u++) {
      int from = start[u];
      int to = start[u + 1];
      if (from == to) continue;
      IntArrays.quickSort(rows, from, to, (a, b) -> {
        int c = Long.compare(data.timestampMillis(a), data.timestampMillis(b));
        return c != 0 ? c : Integer.compare(a, b);
      });
      int first = Math.max(from, to - historyCap);
      List<HistoryEntry> entries = new ArrayList<>(to - first);
      for (int k = first; k < to; k++) {
        int r = rows[k];
        entries.add(new HistoryEntry(data.items().id(data.itemIndex(r)), data.type(r), data.timestampMillis(r)));
      }
      batch.put(data.users().id(u), entries);
      batched += entries.size();
      written += entries.size();
      if (batched >= batchSize) {
        store.appendHistories(batch);
        batch = new LinkedHashMap<>();
        batched = 0;
      }
    }
    if (!batch.isEmpty()) store.appendHistories(batch);
    return written;
  }

  /** A streaming sink that writes in batches; call {@link Sink#close()} to write the last partial batch. */
  public Sink sink() {
    return new Sink();
  }

  /** Streams a reader's output into the store; {@link #summary()} counts what it received. Not thread-safe. */
  public final class Sink implements DatasetSink, AutoCloseable {
    private final List<Item> items = new ArrayList<>();
    private final Map<String, List<HistoryEntry>> histories = new LinkedHashMap<>();
    private int buffered;
    private int itemCount;
    private final Set<String> userIds = new HashSet<>(); // bounded by the number of users, as readers are
    private long historyEntries;

    @Override
    public void interaction(Interaction i) {
      histories.computeIfAbsent(i.userId(), k -> new ArrayList<>())
          .add(new HistoryEntry(i.itemId(), i.type(), i.timestampMillis()));
      userIds.add(i.userId());
      historyEntries++;
      if (++buffered >= batchSize) flushHistories();
    }

    @Override
    public void item(Item item) {
      items.add(item);
      itemCount++;
      if (items.size() >= batchSize) flushItems();
    }

    @Override
    public void user(User user) {
      userIds.add(user.userId());
      if (!user.attributes().isEmpty()) store.putUserAttributes(user.userId(), user.attributes());
    }

    /** Writes what is still buffered; safe to call more than once. */
    @Override
    public void close() {
      flushItems();
      flushHistories();
    }

    public LoadSummary summary() {
      return new LoadSummary(itemCount, userIds.size(), historyEntries);
    }

    private void flushItems() {
      if (items.isEmpty()) return;
      store.putItems(items);
      items.clear();
    }

    private void flushHistories() {
      if (histories.isEmpty()) return;
      store.appendHistories(histories);
      histories.clear();
      buffered = 0;
    }
  }
}
