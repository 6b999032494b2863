package io.recsys.evaluation.baseline;

import io.recsys.evaluation.split.UserSequences;
import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.RowErrors;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.MalformedInputException;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Recommendation lists produced by any tool, read from a {@code userId,itemId,rank} CSV file (header
 * optional; ranks are positive integers, need not be contiguous, and order each user's list). Scored
 * exactly like the built-in baselines: items the user interacted with in training are dropped before
 * cutting at K, because the protocol ranks only unseen items.
 *
 * <p>Malformed rows (wrong field count, empty ids, bad rank, a rank or an item repeated for a user, an
 * item id the dataset does not know) go through {@link RowErrors}: reported with file and line, or
 * skipped and counted. A user id the dataset does not know is counted, not an error: lists for users
 * outside the test set are simply unused. Not thread-safe; {@link #fork()} per thread.
 */
public final class RecommendationFile implements Recommender {
  private final int[][] listByUser;
  private final UserSequences train;
  private final int[] seenBy;
  private final long rows;
  private final long unknownUserRows;
  private final LongAdder seenItemsDropped;

  private RecommendationFile(int[][] listByUser, UserSequences train, long rows, long unknownUserRows) {
    this.listByUser = listByUser;
    this.train = train;
    this.seenBy = new int[train.itemCount()];
    this.rows = rows;
    this.unknownUserRows = unknownUserRows;
    this.seenItemsDropped = new LongAdder();
  }

  private RecommendationFile(RecommendationFile shared) {
    listByUser = shared.listByUser;
    train = shared.train;
    seenBy = new int[train.itemCount()];
    rows = shared.rows;
    unknownUserRows = shared.unknownUserRows;
    seenItemsDropped = shared.seenItemsDropped; // one count across forks
  }

  @Override
  public Recommender fork() {
    return new RecommendationFile(this);
  }

  /** Reads {@code file}, resolving ids against {@code data}; {@code train} decides what was seen. */
  public static RecommendationFile read(Path file, Dataset data, UserSequences train, RowErrors errors)
      throws IOException {
    int users = data.users().size();
    int[] counts = new int[users];
    // First pass collects (user, rank, item) triples; lists are small, so plain arrays suffice.
    int[] tUser = new int[1024];
    int[] tRank = new int[1024];
    int[] tItem = new int[1024];
    int n = 0;
    long rows = 0;
    long unknownUsers = 0;
    IntOpenHashSet[] ranksOf = new IntOpenHashSet[users];
    IntOpenHashSet[] itemsOf = new IntOpenHashSet[users];
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (Reader in = new InputStreamReader(Files.newInputStream(file), decoder);
         CSVParser csv = CSVParser.builder().setReader(in).setFormat(CSVFormat.DEFAULT.builder()
             .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get()).get()) {
      for (CSVRecord r : csv) {
        long line = csv.getCurrentLineNumber();
        if (r.getRecordNumber() == 1 && r.size() == 3 && r.get(2).equalsIgnoreCase("rank")) continue;
        rows++;
        if (r.size() != 3) {
          errors.report(file, line, "expected 3 fields userId,itemId,rank", "found " + r.size());
          continue;
        }
        String userId = r.get(0);
        String itemId = r.get(1);
        if (userId.isEmpty() || itemId.isEmpty()) {
          errors.report(file, line, "empty userId or itemId");
          continue;
        }
        int rank;
        try {
          rank = Integer.parseInt(r.get(2));
        } catch (NumberFormatException e) {
          errors.report(file, line, "rank is not an integer", "'" + r.get(2) + "'");
          continue;
        }
        if (rank < 1) {
          errors.report(file, line, "rank must be >= 1", Integer.toString(rank));
          continue;
        }
        int user = data.users().indexOf(userId);
        if (user < 0) {
          unknownUsers++;
          continue;
        }
        int item = data.items().indexOf(itemId);
        if (item < 0) {
          errors.report(file, line, "item id is not in the dataset", "'" + itemId + "'");
          continue;
        }
        if (ranksOf[user] == null) {
          ranksOf[user] = new IntOpenHashSet();
          itemsOf[user] = new IntOpenHashSet();
        }
        if (!ranksOf[user].add(rank)) {
          errors.report(file, line, "rank repeated for a user", "user '" + userId + "' rank " + rank);
          continue;
        }
        if (!itemsOf[user].add(item)) {
          errors.report(file, line, "item repeated for a user", "user '" + userId + "' item '" + itemId + "'");
          continue;
        }
        if (n == tUser.length) {
          tUser = Arrays.copyOf(tUser, n * 2);
          tRank = Arrays.copyOf(tRank, n * 2);
          tItem = Arrays.copyOf(tItem, n * 2);
        }
        tUser[n] = user;
        tRank[n] = rank;
        tItem[n] = item;
        counts[user]++;
        n++;
      }
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof MalformedInputException) {
        throw new IOException(file + ": not valid UTF-8 text", e);
      }
      throw e;
    }
    int[][] lists = new int[users][];
    long[][] keyed = new long[users][];
    int[] fill = new int[users];
    for (int u = 0; u < users; u++) if (counts[u] > 0) keyed[u] = new long[counts[u]];
    for (int i = 0; i < n; i++) keyed[tUser[i]][fill[tUser[i]]++] = ((long) tRank[i] << 32) | tItem[i];
    for (int u = 0; u < users; u++) {
      if (keyed[u] == null) continue;
      Arrays.sort(keyed[u]);
      lists[u] = new int[keyed[u].length];
      for (int i = 0; i < keyed[u].length; i++) lists[u][i] = (int) keyed[u][i];
    }
    return new RecommendationFile(lists, train, rows, unknownUsers);
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public int recommend(int user, int k, int[] out) {
    int[] list = listByUser[user];
    if (list == null) return 0;
    int mark = user + 1;
    for (int p = 0; p < train.length(user); p++) seenBy[train.item(user, p)] = mark;
    int n = 0;
    for (int i = 0; i < list.length && n < k; i++) {
      if (seenBy[list[i]] == mark) {
        seenItemsDropped.increment();
        continue;
      }
      out[n++] = list[i];
    }
    return n;
  }

  /** Whether the file has a list for this user. */
  public boolean hasList(int user) {
    return listByUser[user] != null;
  }

  /** Data rows read (header excluded). */
  public long rows() {
    return rows;
  }

  /** Rows naming a user the dataset does not know (ignored). */
  public long unknownUserRows() {
    return unknownUserRows;
  }

  /** Entries dropped so far because the user interacted with the item in training. */
  public long seenItemsDropped() {
    return seenItemsDropped.sum();
  }
}
