package io.recsys.candidate.model;

import io.recsys.evaluation.split.UserSequences;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per item row: the number of users who engaged with it ({@link #engagements}, the popularity feature
 * the PI2I pair scorer was trained on) and a recency-decayed engagement score: each engagement counts
 * {@code 2^(-(t_end - t)/halfLife)}, where {@code t_end} is the newest interaction in the training
 * data (not the wall clock, so a model trained on a 1998 dataset still has a popularity ranking). The
 * popular source serves {@link #order()}: rows by descending score, ties by lower row. Immutable,
 * thread-safe.
 */
public final class Popularity {
  public static final double DEFAULT_HALF_LIFE_DAYS = 30;
  private static final int MAGIC = 0x52535050; // "RSPP"

  private final float[] score;
  private final float[] engagements;
  private final int[] order;

  public Popularity(float[] score, float[] engagements) {
    if (score.length != engagements.length) {
      throw new IllegalArgumentException(score.length + " scores but " + engagements.length + " engagement counts");
    }
    this.score = score.clone();
    this.engagements = engagements.clone();
    this.order = order(this.score);
  }

  public static Popularity of(UserSequences interactions, double halfLifeDays) {
    if (!(halfLifeDays > 0)) throw new IllegalArgumentException("halfLifeDays must be > 0: " + halfLifeDays);
    long end = Long.MIN_VALUE;
    for (int u = 0; u < interactions.userCount(); u++) {
      int n = interactions.length(u);
      if (n > 0) end = Math.max(end, interactions.timestamp(u, n - 1));
    }
    double halfLifeMillis = halfLifeDays * 86_400_000d;
    float[] s = new float[interactions.itemCount()];
    for (int u = 0; u < interactions.userCount(); u++) {
      for (int p = 0; p < interactions.length(u); p++) {
        s[interactions.item(u, p)] += (float) Math.pow(2, -(end - interactions.timestamp(u, p)) / halfLifeMillis);
      }
    }
    int[] users = interactions.usersPerItem();
    float[] e = new float[users.length];
    for (int i = 0; i < users.length; i++) e[i] = users[i];
    return new Popularity(s, e);
  }

  private static int[] order(float[] s) {
    Integer[] boxed = new Integer[s.length]; // once per load, not on a request path
    for (int i = 0; i < s.length; i++) boxed[i] = i;
    java.util.Arrays.sort(boxed, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) out[i] = boxed[i];
    return out;
  }

  public int size() {
    return score.length;
  }

  public float score(int row) {
    return score[row];
  }

  /** Scores per row (a copy). */
  public float[] scores() {
    return score.clone();
  }

  /** Users who engaged with each row, as floats (a copy): the pair scorer's popularity input. */
  public float[] engagements() {
    return engagements.clone();
  }

  /** Rows by descending score; callers must not modify it. */
  public int[] order() {
    return order;
  }

  public void write(Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(MAGIC);
      out.writeInt(score.length);
      for (float v : score) out.writeFloat(v);
      for (float v : engagements) out.writeFloat(v);
    }
  }

  public static Popularity read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not a popularity file (bad magic)");
      int n = in.readInt();
      if (n < 0) throw new IOException(file + ": negative item count " + n);
      float[] s = new float[n];
      for (int i = 0; i < n; i++) s[i] = in.readFloat();
      float[] e = new float[n];
      for (int i = 0; i < n; i++) e[i] = in.readFloat();
      if (in.read() != -1) throw new IOException(file + ": trailing bytes after " + n + " items");
      return new Popularity(s, e);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated popularity file", e);
    }
  }
}
