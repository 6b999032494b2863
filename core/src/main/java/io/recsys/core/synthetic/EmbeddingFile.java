package io.recsys.core.synthetic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The item embedding file, {@code truth/item-embeddings.f32}: compact (4 bytes a value, 1 M items x
 * 16 dims = 64 MB) and trivially read from any language. Layout, all little-endian:
 *
 * <pre>
 *   bytes 0..7    ASCII "RSEMBF32"
 *   bytes 8..11   int32 count: number of items
 *   bytes 12..15  int32 dim
 *   then          count x dim float32, row-major; row k is the item on row k of truth/items.csv
 * </pre>
 *
 * Stateless.
 */
final class EmbeddingFile {
  static final String MAGIC = "RSEMBF32";
  static final int HEADER_BYTES = 16;
  private static final int BUFFER_BYTES = 1 << 16;

  private EmbeddingFile() {}

  static void write(Path file, Catalog catalog) throws IOException {
    int dim = catalog.dim();
    float[] row = new float[dim];
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.allocate(Math.max(BUFFER_BYTES, 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
      buf.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(catalog.items()).putInt(dim);
      for (int item = 0; item < catalog.items(); item++) {
        if (buf.remaining() < 4 * dim) drain(out, buf);
        catalog.embedding(item, row, 0);
        for (float v : row) buf.putFloat(v);
      }
      drain(out, buf);
    }
  }

  private static void drain(FileChannel out, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) out.write(buf);
    buf.clear();
  }

  /**
   * Reads the whole file into one row-major array.
   *
   * @throws IOException naming the file when the magic, the header or the length is not what
   *     {@code count} items of {@code dim} dims need
   */
  static float[] read(Path file, int count, int dim) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long expectedBytes = HEADER_BYTES + 4L * count * dim;
      if (in.size() != expectedBytes) {
        throw new IOException(file + ": " + in.size() + " bytes, expected " + expectedBytes + " for " + count
            + " items x " + dim + " dims");
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(in, header, file);
      byte[] magic = Arrays.copyOf(header.array(), MAGIC.length());
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new IOException(file + ": not an embedding file (magic is not " + MAGIC + ")");
      }
      int fileCount = header.getInt(8);
      int fileDim = header.getInt(12);
      if (fileCount != count || fileDim != dim) {
        throw new IOException(file + ": header says " + fileCount + " x " + fileDim + ", expected " + count + " x "
            + dim);
      }
      float[] values = new float[count * dim];
      ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      int filled = 0;
      while (filled < values.length) {
        buf.clear();
        buf.limit(Math.min(BUFFER_BYTES, 4 * (values.length - filled)));
        readFully(in, buf, file);
        buf.asFloatBuffer().get(values, filled, buf.limit() / 4);
        filled += buf.limit() / 4;
      }
      return values;
    }
  }

  private static void readFully(FileChannel in, ByteBuffer buf, Path file) throws IOException {
    while (buf.hasRemaining()) {
      if (in.read(buf) < 0) throw new IOException(file + ": ends early");
    }
    buf.flip();
  }
}
