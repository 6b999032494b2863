package io.recsys.core.vectors;

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

/**
 * The item-vector file format the stages exchange (the candidate stage writes item embeddings, the
 * ranker reads them): a contract on disk, so no service module needs another's classes.
 *
 * <p>Big-endian as {@link DataOutputStream} writes: {@code "RSIV"} magic, int version 1, int count,
 * int dim, then {@code count} UTF ids, then {@code count * dim} floats, row-major (row {@code i} is the
 * vector of {@code ids[i]}). Reading checks every length and names the file when something is off.
 * Stateless.
 */
public final class ItemVectorFile {
  private static final int MAGIC = 0x52534956; // "RSIV"
  private static final int FORMAT = 1;

  private ItemVectorFile() {}

  /** What a file holds: ids, the dimension and the row-major vectors. */
  public record Table(String[] ids, int dim, float[] data) {
    public Table {
      if (dim < 1) throw new IllegalArgumentException("dim must be >= 1: " + dim);
      if ((long) ids.length * dim != data.length) {
        throw new IllegalArgumentException(data.length + " floats for " + ids.length + " ids of dim " + dim);
      }
    }
  }

  public static void write(Path file, String[] ids, int dim, float[] data) throws IOException {
    new Table(ids, dim, data); // validates
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
  public static Table read(Path file) throws IOException {
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
      return new Table(ids, dim, data);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated item-vector file", e);
    }
  }
}
