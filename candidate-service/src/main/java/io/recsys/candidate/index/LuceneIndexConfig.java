package io.recsys.candidate.index;

import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * Build settings of {@link LuceneItemIndex}'s HNSW graph ({@link Lucene99HnswVectorsFormat}).
 * Defaults are Lucene's own, which the candidates benchmark found sufficient at 100k x 64 with the
 * default search beam ({@link LuceneItemIndex#DEFAULT_NUM_CANDIDATES}): recall@100 0.997 for
 * per-interest (filtered) queries and 0.988 for single-interest global queries; built in 19 s on 2
 * cores, 33 MB of files.
 *
 * @param maxConn links per node (Lucene's M)
 * @param beamWidth beam while inserting (Lucene's efConstruction)
 */
public record LuceneIndexConfig(int maxConn, int beamWidth) {
  public static final int DEFAULT_MAX_CONN = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;
  public static final int DEFAULT_BEAM_WIDTH = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;

  public LuceneIndexConfig {
    if (maxConn < 1 || maxConn > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
      throw new IllegalArgumentException("maxConn must be in 1.." + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN + ": " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
      throw new IllegalArgumentException("beamWidth must be in 1.." + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH + ": " + beamWidth);
    }
  }

  public static LuceneIndexConfig defaults() {
    return new LuceneIndexConfig(DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH);
  }

  public LuceneIndexConfig withMaxConn(int value) {
    return new LuceneIndexConfig(value, beamWidth);
  }

  public LuceneIndexConfig withBeamWidth(int value) {
    return new LuceneIndexConfig(maxConn, value);
  }
}
