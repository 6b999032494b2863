package io.recsys.candidate.embed;

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
 * Item embeddings: row {@code i} of a row-major {@code float[count * dim]} is the vector of the item
 * whose id is {@code ids[i]}; row order is the training data's item index order, so every candidate
 * artefact (clusters, indexes, i2i lists) refers to items by the same row number.
 *
 * <p>File format ({@link #write}, {@link #read}), big-endian as {@link DataOutputStream} writes:
 * {@code "RSIV"} magic, int version 1, int count, int dim, then {@code count} UTF ids, then
 * {@code count * dim} floats. Reading checks every length and names the file when something is off.
 *
 * <p>Immutable once built: the arrays are owned by this object and never handed out for writing
 * ({@link #data()} is for read-only hot loops). Thread-safe.
 */
public final class ItemVectors {
  private static final int MAGIC = 0x52534956; // "RSIV"
  private static final int FORMAT = 1;

  private final String[] ids;
  private final int dim;
  private final float[] data;

  public ItemVectors(String[] ids, int dim, float[] data) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(data, "data");
    if (dim < 1) throw new IllegalArgumentException("dim must be >= 1: " + dim);
    if ((long) ids.length * dim != data.length) {
      throw new IllegalArgumentException("data holds " + data.length + " floats, " + ids.length + " items x " + dim
          + " dims need " + (long) ids.length * dim);
    }
    this.ids = ids;
    this.dim = dim;
    this.data = data;
  }

  public int count() {
    return ids.length;
  }

  public int dim() {
    return dim;
  }

  public String id(int row) {
    return ids[row];
  }

  /** The ids in row order (a copy). */
  public String[] ids() {
    return ids.clone();
  }

  /** The backing row-major array; callers must not write to it. */
  public float[] data() {
    return data;
  }

  /** Copies row {@code row} into {@code out[0..dim)}. */
  public void copyRow(int row, float[] out) {
    System.arraycopy(data, row * dim, out, 0, dim);
  }

  /** Row {@code row} as a fresh array. */
  public float[] row(int row) {
    return Arrays.copyOfRange(data, row * dim, (row + 1) * dim);
  }

  /** Dot product of row {@code row} with {@code q} (length {@code dim}). */
  public float dot(int row, float[] q) {
    int off = row * dim;
    float s = 0;
    for (int j = 0; j < dim; j++) s += data[off + j] * q[j];
    return s;
  }

  /** A copy whose rows are scaled to unit L2 norm (zero rows stay zero). */
  public ItemVectors normalised() {
    float[] out = data.clone();
    for (int i = 0; i < ids.length; i++) {
      int off = i * dim;
      double n = 0;
      for (int j = 0; j < dim; j++) n += (double) out[off + j] * out[off + j];
      if (n == 0) continue;
      float inv = (float) (1 / Math.sqrt(n));
      for (int j = 0; j < dim; j++) out[off + j] *= inv;
    }
    return new ItemVectors(ids, dim, out);
  }

  public void write(Path file) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(ids.length);
      out.writeInt(dim);
      for (String id : ids) out.writeUTF(id);
      for (float v : data) out.writeFloat(v);
    }
  }

  /** Reads a file {@link #write} wrote; an {@link IOException} names the file and what was wrong. */
  public static ItemVectors read(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not an item-vector file (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(file + ": item-vector format " + format + ", this build reads " + FORMAT);
      int count = in.readInt();
      int dim = in.readInt();
      if (count < 0 || dim < 1 || (long) count * dim > Integer.MAX_VALUE - 8) {
        throw new IOException(file + ": implausible header (count " + count + ", dim " + dim + ")");
      }
      String[] ids = new String[count];
      for (int i = 0; i < count; i++) ids[i] = in.readUTF();
      float[] data = new float[count * dim];
      for (int i = 0; i < data.length; i++) data[i] = in.readFloat();
      if (in.read() != -1) throw new IOException(file + ": trailing bytes after " + count + " x " + dim + " floats");
      return new ItemVectors(ids, dim, data);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated item-vector file", e);
    }
  }
}
