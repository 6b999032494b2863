package io.recsys.candidate.interest;

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
import java.util.Arrays;
import java.util.Objects;

/**
 * Interest clusters of a catalogue: each item row's cluster, each cluster's unit centroid and its
 * members (ascending item rows). Item rows are those of the {@code ItemVectors} the clusters were
 * learned from. An item whose vector was zero (no training data) has no direction to cluster by: its
 * cluster is {@link #UNASSIGNED} and it is a member of no cluster.
 *
 * <p>File format ({@link #write}, {@link #read}), big-endian as {@link DataOutputStream} writes:
 * {@code "RSIC"} magic, int version 1, int itemCount, int clusterCount, int dim, then itemCount ints
 * (the cluster of each row, -1 for unassigned), then clusterCount * dim floats (centroids, row-major).
 * Members are derived from the assignments. Reading checks every length and value and names the file
 * when something is off.
 *
 * <p>Immutable (arrays are copied in and out); thread-safe.
 */
public final class InterestClusters {
  /** The cluster of an item that has none (its vector was zero). */
  public static final int UNASSIGNED = -1;

  private static final int MAGIC = 0x52534943; // "RSIC"
  private static final int FORMAT = 1;

  private final int clusterCount;
  private final int dim;
  private final int[] assignment;
  private final float[] centroids;
  private final int[] memberOffsets;
  private final int[] memberRows;

  /**
   * @param assignment cluster of each item row, in {@code [0, clusterCount)} or {@link #UNASSIGNED}
   * @param centroids row-major {@code clusterCount x dim}, finite (unit length when learned)
   */
  public InterestClusters(int clusterCount, int dim, int[] assignment, float[] centroids) {
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(centroids, "centroids");
    if (clusterCount < 1) throw new IllegalArgumentException("clusterCount must be >= 1, was " + clusterCount);
    if (dim < 1) throw new IllegalArgumentException("dim must be >= 1, was " + dim);
    if ((long) clusterCount * dim != centroids.length) {
      throw new IllegalArgumentException("centroids hold " + centroids.length + " floats, " + clusterCount + " clusters x "
          + dim + " dims need " + (long) clusterCount * dim);
    }
    for (int j = 0; j < centroids.length; j++) {
      if (!Float.isFinite(centroids[j])) {
        throw new IllegalArgumentException("centroid " + j / dim + " has a non-finite value at " + j % dim);
      }
    }
    this.clusterCount = clusterCount;
    this.dim = dim;
    this.assignment = assignment.clone();
    this.centroids = centroids.clone();
    this.memberOffsets = new int[clusterCount + 1];
    for (int i = 0; i < this.assignment.length; i++) {
      int c = this.assignment[i];
      if (c < UNASSIGNED || c >= clusterCount) {
        throw new IllegalArgumentException("item row " + i + " has cluster " + c + ", outside [-1, " + clusterCount + ")");
      }
      if (c != UNASSIGNED) memberOffsets[c + 1]++;
    }
    for (int c = 0; c < clusterCount; c++) memberOffsets[c + 1] += memberOffsets[c];
    this.memberRows = new int[memberOffsets[clusterCount]];
    int[] fill = Arrays.copyOf(memberOffsets, clusterCount);
    for (int i = 0; i < this.assignment.length; i++) {
      int c = this.assignment[i];
      if (c != UNASSIGNED) memberRows[fill[c]++] = i;
    }
  }

  public int clusterCount() {
    return clusterCount;
  }

  public int dim() {
    return dim;
  }

  /** Number of item rows (assigned or not). */
  public int itemCount() {
    return assignment.length;
  }

  /** The cluster of item row {@code itemRow}, or {@link #UNASSIGNED}. */
  public int cluster(int itemRow) {
    return assignment[itemRow];
  }

  /** Every item row's cluster (a copy). */
  public int[] assignments() {
    return assignment.clone();
  }

  /** Cluster {@code c}'s centroid (a copy). */
  public float[] centroid(int c) {
    Objects.checkIndex(c, clusterCount);
    return Arrays.copyOfRange(centroids, c * dim, (c + 1) * dim);
  }

  /** Cluster {@code c}'s item rows, ascending (a copy). */
  public int[] members(int c) {
    Objects.checkIndex(c, clusterCount);
    return Arrays.copyOfRange(memberRows, memberOffsets[c], memberOffsets[c + 1]);
  }

  /** Number of items in cluster {@code c}. */
  public int size(int c) {
    Objects.checkIndex(c, clusterCount);
    return memberOffsets[c + 1] - memberOffsets[c];
  }

  /**
   * The cluster whose centroid has the largest dot product with {@code v} (cosine when {@code v} is
   * unit length), ties to the lower id: where a new item with a vector belongs.
   */
  public int nearest(float[] v) {
    if (v.length != dim) throw new IllegalArgumentException("vector has " + v.length + " dims, clusters have " + dim);
    int best = 0;
    float bestDot = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < clusterCount; c++) {
      int off = c * dim;
      float s = 0;
      for (int j = 0; j < dim; j++) s += centroids[off + j] * v[j];
      if (s > bestDot) {
        bestDot = s;
        best = c;
      }
    }
    return best;
  }

  public void write(Path file) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(assignment.length);
      out.writeInt(clusterCount);
      out.writeInt(dim);
      for (int c : assignment) out.writeInt(c);
      for (float v : centroids) out.writeFloat(v);
    }
  }

  /** Reads a file {@link #write} wrote; an {@link IOException} names the file and what was wrong. */
  public static InterestClusters read(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not an interest-cluster file (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(file + ": interest-cluster format " + format + ", this build reads " + FORMAT);
      int items = in.readInt();
      int clusters = in.readInt();
      int dim = in.readInt();
      if (items < 0 || clusters < 1 || dim < 1 || (long) clusters * dim > Integer.MAX_VALUE - 8) {
        throw new IOException(file + ": implausible header (items " + items + ", clusters " + clusters + ", dim " + dim + ")");
      }
      // Checked before allocating, so a corrupt header cannot ask for gigabytes.
      long expected = 20L + 4L * items + 4L * clusters * dim;
      long actual = Files.size(file);
      if (actual < expected) {
        throw new IOException(file + ": truncated interest-cluster file (" + actual + " bytes, the header needs " + expected + ")");
      }
      int[] assignment = new int[items];
      for (int i = 0; i < items; i++) assignment[i] = in.readInt();
      float[] centroids = new float[clusters * dim];
      for (int j = 0; j < centroids.length; j++) centroids[j] = in.readFloat();
      if (in.read() != -1) throw new IOException(file + ": trailing bytes after " + items + " items and " + clusters + " centroids");
      try {
        return new InterestClusters(clusters, dim, assignment, centroids);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    } catch (EOFException e) {
      throw new IOException(file + ": truncated interest-cluster file", e);
    }
  }
}
