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
 * <p>{@link #load(Dataset)} orders each user's history by timestamp (ties by item id as a string, as
 * the models' training sequences order them), replaces what the store held for the user up to the
 * dataset's newest entry (so a second load of the same data changes nothing) and keeps the newest
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
      // Ties in time broken by item id as a string, then by row: the order the models train on
      // (UserSequences, the reference protocol's rule), so "the user's newest item" is the same item
      // online as in training (ml-100k rates several films in the same second).
      IntArrays.quickSort(rows, from, to, (a, b) -> {
        int c = Long.compare(data.timestampMillis(a), data.timestampMillis(b));
        if (c != 0) return c;
        c = data.items().id(data.itemIndex(a)).compareTo(data.items().id(data.itemIndex(b)));
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
        replaceKeepingLaterEvents(batch);
        batch = new LinkedHashMap<>();
        batched = 0;
      }
    }
    if (!batch.isEmpty()) replaceKeepingLaterEvents(batch);
    return written;
  }

  /**
   * The dataset is the user's history up to its newest entry; what the store holds after that (events
   * ingested since the export) is kept on top of it; everything else the store held for the user is
   * replaced. So loading the same dataset twice — a second `./recsys train` on one Redis — leaves the
   * history of one load, where appending doubled every history (and the models read a history twice as
   * long as training saw). Events ingested while the load runs may be lost: load before traffic.
   */
  private void replaceKeepingLaterEvents(Map<String, List<HistoryEntry>> batch) {
    List<String> ids = new ArrayList<>(batch.keySet());
    List<UserFeatures> stored = store.users(ids, historyCap);
    for (int i = 0; i < ids.size(); i++) {
      List<HistoryEntry> entries = batch.get(ids.get(i));
      long newest = entries.getLast().timestampMillis();
      List<HistoryEntry> later = stored.get(i).history(); // newest first
      int keep = 0;
      while (keep < later.size() && later.get(keep).timestampMillis() > newest) keep++;
      if (keep == 0) continue;
      List<HistoryEntry> merged = new ArrayList<>(entries.size() + keep);
      merged.addAll(entries);
      for (int k = keep - 1; k >= 0; k--) merged.add(later.get(k));
      batch.put(ids.get(i), merged.size() <= historyCap ? merged : merged.subList(merged.size() - historyCap, merged.size()));
    }
    store.replaceHistories(batch);
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
