package io.recsys.candidate.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import io.recsys.core.vectors.ItemVectorFile;

/**
 * Item embeddings: row {@code i} of a row-major {@code float[count * dim]} is the vector of the item
 * whose id is {@code ids[i]}; row order is the training data's item index order, so every candidate
 * artefact (clusters, indexes, i2i lists) refers to items by the same row number.
 *
 * <p>File format: {@link ItemVectorFile}, the contract the ranker reads too.
 *
 * <p>Immutable once built: the arrays are owned by this object and never handed out for writing
 * ({@link #data()} is for read-only hot loops). Thread-safe.
 */
public final class ItemVectors {

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

  /** Writes the shared item-vector format ({@link ItemVectorFile}). */
  public void write(Path file) throws IOException {
    ItemVectorFile.write(file, ids, dim, data);
  }

  /** Reads a file {@link #write} wrote; an {@link IOException} names the file and what was wrong. */
  public static ItemVectors read(Path file) throws IOException {
    ItemVectorFile.Table t = ItemVectorFile.read(file);
    return new ItemVectors(t.ids(), t.dim(), t.data());
  }
}
