package io.recsys.candidate.pi2i;

import io.recsys.core.train.Progress;
import io.recsys.evaluation.split.UserSequences;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.Arrays;

/**
 * The offline kernels behind {@link ItemToItemIndex#build}: Swing and windowed cosine co-occurrence,
 * one trigger row at a time (formulas in {@link I2iConfig}). Hand-written because no library on the
 * class path computes Swing, and the co-occurrence is the same loop with a different weight.
 *
 * <p>Per trigger row {@code i} all work is sequential over {@code U_i} in ascending user order with
 * dense per-thread accumulators ({@code double}), so a row's list is bit-identical whatever the
 * thread count. Cost: Swing {@code sum_i sum_{u<v in U_i} |I_v|}, co-occurrence
 * {@code sum_i sum_{u in U_i} window}. Not instantiable; {@link #build} is thread-safe.
 */
final class I2iBuilder {
  private I2iBuilder() {}

  static ItemToItemIndex build(UserSequences interactions, I2iConfig config, Progress progress) {
    CappedHistories h = new CappedHistories(interactions, config.maxItemsPerUser());
    int n = h.items;
    int[][] rowNeighbours = new int[n][];
    float[][] rowScores = new float[n][];
    int[][] rowCounts = new int[n][];
    ParallelRows.run(n, config.threads(), progress, () -> {
      Worker w = new Worker(h, config);
      return row -> w.row(row, rowNeighbours, rowScores, rowCounts);
    });
    int[] offsets = new int[n + 1];
    for (int i = 0; i < n; i++) offsets[i + 1] = offsets[i] + rowNeighbours[i].length;
    int total = offsets[n];
    int[] neighbours = new int[total];
    float[] scores = new float[total];
    int[] counts = new int[total];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rowNeighbours[i], 0, neighbours, offsets[i], rowNeighbours[i].length);
      System.arraycopy(rowScores[i], 0, scores, offsets[i], rowScores[i].length);
      System.arraycopy(rowCounts[i], 0, counts, offsets[i], rowCounts[i].length);
    }
    return new ItemToItemIndex(n, offsets, neighbours, scores, counts, config, interactions.totalLength());
  }

  /** One thread's scratch: dense accumulators over the catalogue, reset through the touched list. */
  private static final class Worker {
    private final CappedHistories h;
    private final I2iConfig config;
    private final double[] score;
    private final int[] count;
    private final int[] mark;
    private final int[] touched;
    private final int[] common;
    private int stamp;

    Worker(CappedHistories h, I2iConfig config) {
      this.h = h;
      this.config = config;
      score = new double[h.items];
      count = new int[h.items];
      mark = new int[h.items];
      touched = new int[h.items];
      common = new int[h.maxLength];
    }

    void row(int i, int[][] outNeighbours, float[][] outScores, int[][] outCounts) {
      int nTouched = config.method() == I2iMethod.SWING ? swing(i) : cooccurrence(i);
      // Keep positive scores only (Swing leaves single-user pairs at 0), then best first.
      int kept = 0;
      for (int t = 0; t < nTouched; t++) {
        int j = touched[t];
        if (score[j] > 0) touched[kept++] = j;
        else count[j] = 0;
      }
      IntArrays.quickSort(touched, 0, kept, (a, b) -> {
        int c = Double.compare(score[b], score[a]);
        if (c != 0) return c;
        c = Integer.compare(count[b], count[a]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      int len = Math.min(kept, config.listLength());
      int[] nb = new int[len];
      float[] sc = new float[len];
      int[] ct = new int[len];
      for (int r = 0; r < len; r++) {
        int j = touched[r];
        nb[r] = j;
        sc[r] = (float) score[j];
        ct[r] = count[j];
      }
      for (int t = 0; t < kept; t++) {
        score[touched[t]] = 0;
        count[touched[t]] = 0;
      }
      outNeighbours[i] = nb;
      outScores[i] = sc;
      outCounts[i] = ct;
    }

    /** Fills score/count for every item sharing a user with i; returns how many were touched. */
    private int swing(int i) {
      int from = h.itemStart[i];
      int to = h.itemStart[i + 1];
      int nTouched = 0;
      for (int a = from; a < to; a++) {
        int u = h.itemUsers[a];
        for (int q = h.userStart[u]; q < h.userStart[u + 1]; q++) {
          int j = h.userItems[q];
          if (j != i && count[j]++ == 0) touched[nTouched++] = j;
        }
      }
      double alpha = config.swingAlpha();
      for (int a = from; a < to; a++) {
        int u = h.itemUsers[a];
        if (++stamp == 0) { // wrapped: old marks could collide with the new stamp
          Arrays.fill(mark, 0);
          stamp = 1;
        }
        for (int q = h.userStart[u]; q < h.userStart[u + 1]; q++) mark[h.userItems[q]] = stamp;
        double wu = 1 / Math.sqrt(h.length(u));
        for (int b = a + 1; b < to; b++) {
          int v = h.itemUsers[b];
          int shared = 0;
          for (int q = h.userStart[v]; q < h.userStart[v + 1]; q++) {
            int j = h.userItems[q];
            if (mark[j] == stamp) common[shared++] = j;
          }
          // shared >= 1: both users hold i itself, which the formula's |I_u ∩ I_v| includes.
          double w = wu / Math.sqrt(h.length(v)) / (alpha + shared);
          for (int c = 0; c < shared; c++) {
            int j = common[c];
            if (j != i) score[j] += w;
          }
        }
      }
      return nTouched;
    }

    private int cooccurrence(int i) {
      int window = config.cooccurrenceWindow();
      int nTouched = 0;
      for (int a = h.itemStart[i]; a < h.itemStart[i + 1]; a++) {
        int u = h.itemUsers[a];
        int base = h.userStart[u];
        int len = h.userStart[u + 1] - base;
        int p = h.itemPositions[a];
        int lo = window == 0 ? 0 : Math.max(0, p - window);
        int hi = window == 0 ? len - 1 : Math.min(len - 1, p + window);
        for (int q = lo; q <= hi; q++) {
          int j = h.userItems[base + q];
          if (j != i && count[j]++ == 0) touched[nTouched++] = j;
        }
      }
      double ni = h.usersOf(i);
      for (int t = 0; t < nTouched; t++) {
        int j = touched[t];
        score[j] = count[j] / Math.sqrt(ni * h.usersOf(j));
      }
      return nTouched;
    }
  }
}
