package io.recsys.candidate.pi2i;

import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Item-to-item lists, best first: for each trigger row (an item row of the dataset, as in
 * {@link io.recsys.candidate.embed.ItemVectors}) its neighbour rows, their similarity scores and
 * co-engagement counts, in compressed-row arrays ({@code offsets}, {@code neighbours},
 * {@code scores}, {@code counts}). The lists are the Indexer Building Stage of PI2I (METHODS §2):
 * built once offline by {@link #build} ({@link I2iConfig} gives the formulas), relaxed in length so
 * the personalised scorer has more to choose from.
 *
 * <p>Invariants, checked when an index is made or read: no self-loops, neighbours in range, scores
 * finite, positive and non-increasing along each list, counts positive.
 *
 * <p>File format ({@link #write}, {@link #read}), big-endian as {@link DataOutputStream} writes:
 * {@code "RSII"} magic, int version 1, int itemCount, then the build settings (int method ordinal,
 * int listLength, double swingAlpha, int maxItemsPerUser, int threads, int cooccurrenceWindow), long
 * sourceEntries, int entries, int[itemCount + 1] offsets, int[entries] neighbours, float[entries]
 * scores, int[entries] counts. Reading checks every length and invariant and names the file when
 * something is off.
 *
 * <p>Immutable; thread-safe.
 */
public final class ItemToItemIndex {
  private static final int MAGIC = 0x52534949; // "RSII"
  private static final int FORMAT = 1;

  private final int itemCount;
  private final int[] offsets;
  private final int[] neighbours;
  private final float[] scores;
  private final int[] counts;
  private final I2iConfig config;
  private final long sourceEntries;

  ItemToItemIndex(int itemCount, int[] offsets, int[] neighbours, float[] scores, int[] counts, I2iConfig config,
      long sourceEntries) {
    this.itemCount = itemCount;
    this.offsets = offsets;
    this.neighbours = neighbours;
    this.scores = scores;
    this.counts = counts;
    this.config = Objects.requireNonNull(config, "config");
    this.sourceEntries = sourceEntries;
    String problem = check();
    if (problem != null) throw new IllegalArgumentException(problem);
  }

  /**
   * Builds the lists from {@code interactions} (each user's distinct items, oldest first) in parallel
   * over trigger rows; the result is the same for any {@link I2iConfig#threads()}. Build it from data
   * before the evaluation window only (METHODS §2, Pitfalls).
   */
  public static ItemToItemIndex build(UserSequences interactions, I2iConfig config, Progress progress) {
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(config, "config");
    return I2iBuilder.build(interactions, config, progress == null ? Progress.NONE : progress);
  }

  /** Number of trigger rows (the dataset's item count). */
  public int itemCount() {
    return itemCount;
  }

  public int listLength(int row) {
    return offsets[row + 1] - offsets[row];
  }

  /** The neighbour at position {@code pos} (0 = best) of {@code row}'s list. */
  public int neighbour(int row, int pos) {
    assert pos >= 0 && pos < listLength(row) : "pos " + pos + " outside list of " + row;
    return neighbours[offsets[row] + pos];
  }

  public float score(int row, int pos) {
    assert pos >= 0 && pos < listLength(row) : "pos " + pos + " outside list of " + row;
    return scores[offsets[row] + pos];
  }

  /** Co-engagement count of the pair: users who hold both (within the window, for co-occurrence). */
  public int count(int row, int pos) {
    assert pos >= 0 && pos < listLength(row) : "pos " + pos + " outside list of " + row;
    return counts[offsets[row] + pos];
  }

  /** Total number of (trigger, neighbour) entries. */
  public long entries() {
    return neighbours.length;
  }

  /** The longest list. */
  public int maxListLength() {
    int max = 0;
    for (int i = 0; i < itemCount; i++) max = Math.max(max, listLength(i));
    return max;
  }

  /** The settings the lists were built with ({@code listLength} is the cut now in force). */
  public I2iConfig config() {
    return config;
  }

  /** Number of (user, item) entries of the interactions the lists were built from. */
  public long sourceEntries() {
    return sourceEntries;
  }

  /** Position of {@code target} in {@code row}'s list, or -1. Linear: for offline use. */
  int positionOf(int row, int target) {
    for (int q = offsets[row]; q < offsets[row + 1]; q++) if (neighbours[q] == target) return q - offsets[row];
    return -1;
  }

  /** The same lists cut to at most {@code n} neighbours each (this index when none is longer). */
  public ItemToItemIndex truncated(int n) {
    if (n < 1) throw new IllegalArgumentException("truncated list length must be >= 1: " + n);
    if (n >= maxListLength()) return this;
    int[] off = new int[itemCount + 1];
    for (int i = 0; i < itemCount; i++) off[i + 1] = off[i] + Math.min(n, listLength(i));
    int[] nb = new int[off[itemCount]];
    float[] sc = new float[nb.length];
    int[] ct = new int[nb.length];
    for (int i = 0; i < itemCount; i++) {
      int len = off[i + 1] - off[i];
      System.arraycopy(neighbours, offsets[i], nb, off[i], len);
      System.arraycopy(scores, offsets[i], sc, off[i], len);
      System.arraycopy(counts, offsets[i], ct, off[i], len);
    }
    return new ItemToItemIndex(itemCount, off, nb, sc, ct, config.withListLength(Math.min(n, config.listLength())),
        sourceEntries);
  }

  /** The first broken invariant, in words, or null. */
  private String check() {
    if (itemCount < 0) return "negative item count " + itemCount;
    if (offsets.length != itemCount + 1) return "offsets hold " + offsets.length + " entries, expected " + (itemCount + 1);
    if (offsets[0] != 0 || offsets[itemCount] != neighbours.length) return "offsets do not span the entries";
    if (scores.length != neighbours.length || counts.length != neighbours.length) {
      return "neighbours, scores and counts differ in length";
    }
    for (int i = 0; i < itemCount; i++) {
      if (offsets[i + 1] < offsets[i]) return "offsets decrease at row " + i;
      for (int q = offsets[i]; q < offsets[i + 1]; q++) {
        int j = neighbours[q];
        if (j < 0 || j >= itemCount) return "row " + i + " lists neighbour " + j + " outside 0.." + (itemCount - 1);
        if (j == i) return "row " + i + " lists itself";
        if (!(scores[q] > 0) || !Float.isFinite(scores[q])) return "row " + i + " has score " + scores[q];
        if (q > offsets[i] && scores[q] > scores[q - 1]) return "row " + i + " is not sorted by score";
        if (counts[q] < 1) return "row " + i + " has count " + counts[q];
      }
    }
    return null;
  }

  public void write(Path file) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(itemCount);
      out.writeInt(config.method().ordinal());
      out.writeInt(config.listLength());
      out.writeDouble(config.swingAlpha());
      out.writeInt(config.maxItemsPerUser());
      out.writeInt(config.threads());
      out.writeInt(config.cooccurrenceWindow());
      out.writeLong(sourceEntries);
      out.writeInt(neighbours.length);
      for (int v : offsets) out.writeInt(v);
      for (int v : neighbours) out.writeInt(v);
      for (float v : scores) out.writeFloat(v);
      for (int v : counts) out.writeInt(v);
    }
  }

  /** Reads a file {@link #write} wrote; an {@link IOException} names the file and what was wrong. */
  public static ItemToItemIndex read(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not an item-to-item index (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(file + ": item-to-item format " + format + ", this build reads " + FORMAT);
      int items = in.readInt();
      int method = in.readInt();
      if (items < 0 || items > Integer.MAX_VALUE - 8) throw new IOException(file + ": implausible item count " + items);
      if (method < 0 || method >= I2iMethod.values().length) throw new IOException(file + ": unknown method " + method);
      I2iConfig config;
      try {
        config = new I2iConfig(I2iMethod.values()[method], in.readInt(), in.readDouble(), in.readInt(), in.readInt(),
            in.readInt());
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": bad build settings: " + e.getMessage(), e);
      }
      long sourceEntries = in.readLong();
      int entries = in.readInt();
      if (entries < 0 || entries > Integer.MAX_VALUE - 8) throw new IOException(file + ": implausible entry count " + entries);
      int[] offsets = new int[items + 1];
      for (int i = 0; i <= items; i++) offsets[i] = in.readInt();
      int[] neighbours = new int[entries];
      for (int i = 0; i < entries; i++) neighbours[i] = in.readInt();
      float[] scores = new float[entries];
      for (int i = 0; i < entries; i++) scores[i] = in.readFloat();
      int[] counts = new int[entries];
      for (int i = 0; i < entries; i++) counts[i] = in.readInt();
      if (in.read() != -1) throw new IOException(file + ": trailing bytes after " + entries + " entries");
      try {
        return new ItemToItemIndex(items, offsets, neighbours, scores, counts, config, sourceEntries);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": corrupt item-to-item index: " + e.getMessage(), e);
      }
    } catch (EOFException e) {
      throw new IOException(file + ": truncated item-to-item index", e);
    }
  }
}
