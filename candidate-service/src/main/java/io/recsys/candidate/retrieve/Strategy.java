package io.recsys.candidate.retrieve;

import java.util.Locale;

/**
 * Which sources a request runs. {@link #MIXED} is the served default; the single-source strategies
 * and {@link #SINGLE_VECTOR} (one ANN query with the user's vector, the baseline kNN-Embed is measured
 * against) exist for evaluation and debugging.
 */
public enum Strategy {
  MIXED("mixed"),
  KNN_EMBED("knn-embed"),
  PI2I("pi2i"),
  POPULAR("popular"),
  SINGLE_VECTOR("single-vector");

  private final String wireName;

  Strategy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** @throws IllegalArgumentException listing the accepted names */
  public static Strategy parse(String name) {
    for (Strategy s : values()) if (s.wireName.equals(name.toLowerCase(Locale.ROOT))) return s;
    throw new IllegalArgumentException("unknown strategy '" + name + "' (expected mixed, knn-embed, pi2i, popular or single-vector)");
  }
}
