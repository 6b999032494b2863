package io.recsys.candidate.retrieve;

import java.util.Arrays;

/**
 * One source's proposals for one request, best first: item rows, the source's own scores and a detail
 * per row (the interest cluster for kNN-Embed, the trigger row for PI2I, -1 otherwise) that names the
 * provenance ({@code knn-embed:cluster-7}, {@code pi2i:trigger-172}). Grows as needed; not thread-safe.
 */
public final class SourceResult {
  private final String source;
  private int[] rows;
  private float[] scores;
  private int[] details;
  private int size;

  public SourceResult(String source, int capacity) {
    this.source = source;
    this.rows = new int[Math.max(capacity, 1)];
    this.scores = new float[rows.length];
    this.details = new int[rows.length];
  }

  public String source() {
    return source;
  }

  public void add(int row, float score, int detail) {
    if (size == rows.length) {
      int n = rows.length * 2;
      rows = Arrays.copyOf(rows, n);
      scores = Arrays.copyOf(scores, n);
      details = Arrays.copyOf(details, n);
    }
    rows[size] = row;
    scores[size] = score;
    details[size] = detail;
    size++;
  }

  public int size() {
    return size;
  }

  public int row(int i) {
    return rows[i];
  }

  public float score(int i) {
    return scores[i];
  }

  public int detail(int i) {
    return details[i];
  }

  /** Keeps the first {@code n} entries. */
  public void truncate(int n) {
    size = Math.min(size, n);
  }

  /** Re-sorts by descending score, ties by lower row (sources that gather from several queries). */
  public void sortByScore() {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) order[i] = i;
    // fastutil's primitive sort: no boxing on the request path.
    it.unimi.dsi.fastutil.ints.IntArrays.quickSort(order, 0, size,
        (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(rows[a], rows[b]));
    int[] r = new int[rows.length];
    float[] s = new float[rows.length];
    int[] d = new int[rows.length];
    for (int i = 0; i < size; i++) {
      r[i] = rows[order[i]];
      s[i] = scores[order[i]];
      d[i] = details[order[i]];
    }
    rows = r;
    scores = s;
    details = d;
  }
}
