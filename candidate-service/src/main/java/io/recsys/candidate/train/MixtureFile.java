package io.recsys.candidate.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The offline users' interest mixtures ({@code mixtures.bin}), kept as an artefact so the feature
 * store can be (re)loaded from a published version: {@code "RSMX"} magic, int users, int clusters,
 * then per user a UTF id and {@code clusters} floats. Users without history are not written.
 * Stateless.
 */
public final class MixtureFile {
  private static final int MAGIC = 0x52534d58;

  private MixtureFile() {}

  /** Writes the non-null rows; returns how many. */
  public static int write(Path file, String[] userIds, float[][] mixtures) throws IOException {
    int k = 0;
    int n = 0;
    for (float[] m : mixtures) {
      if (m == null) continue;
      if (k == 0) k = m.length;
      if (m.length != k) throw new IllegalArgumentException("mixtures of different lengths: " + k + " and " + m.length);
      n++;
    }
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(n);
      out.writeInt(k);
      for (int u = 0; u < mixtures.length; u++) {
        if (mixtures[u] == null) continue;
        out.writeUTF(userIds[u]);
        for (float w : mixtures[u]) out.writeFloat(w);
      }
    }
    return n;
  }

  /** User id → mixture, in file order. */
  public static Map<String, float[]> read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not a mixtures file (bad magic)");
      int n = in.readInt();
      int k = in.readInt();
      if (n < 0 || k < 0) throw new IOException(file + ": implausible header (" + n + " users, " + k + " clusters)");
      Map<String, float[]> out = new LinkedHashMap<>();
      for (int u = 0; u < n; u++) {
        String id = in.readUTF();
        float[] w = new float[k];
        for (int c = 0; c < k; c++) w[c] = in.readFloat();
        out.put(id, w);
      }
      if (in.read() != -1) throw new IOException(file + ": trailing bytes after " + n + " users");
      return out;
    } catch (EOFException e) {
      throw new IOException(file + ": truncated mixtures file", e);
    }
  }
}
