package io.recsys.ranking.features;

/**
 * One candidate as retrieval returned it.
 *
 * @param item the item's row in the {@link RankerTables}, or -1 for an item they do not know (its item features are 0)
 * @param retrievalScore the fused retrieval score
 * @param rank its 0-based position in the candidate list
 * @param sourceScores per source of {@link RankingFeatures#SOURCES} (same order), its score, or NaN when that source did not find it
 */
public record CandidateView(int item, float retrievalScore, int rank, float[] sourceScores) {
  public CandidateView {
    if (item < -1) throw new IllegalArgumentException("item row " + item + " (expected >= -1)");
    if (rank < 0) throw new IllegalArgumentException("rank " + rank + " (expected >= 0)");
    if (sourceScores.length != RankingFeatures.SOURCES.size()) {
      throw new IllegalArgumentException(sourceScores.length + " source scores, expected one per source of " + RankingFeatures.SOURCES);
    }
  }

  /** Per-source scores with every source absent (NaN). */
  public static float[] noSources() {
    float[] s = new float[RankingFeatures.SOURCES.size()];
    java.util.Arrays.fill(s, Float.NaN);
    return s;
  }
}
