package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads MovieLens latest/25M/32M: {@code ratings.csv} ({@code userId,movieId,rating,timestamp}) and
 * {@code movies.csv} ({@code movieId,title,genres}; titles with commas are quoted, genres are
 * pipe-separated and "(no genres listed)" means none). Strict UTF-8: an invalid byte is a malformed
 * row. The year comes from the title's trailing "(yyyy)". Other files of the release (links, tags) are
 * not read. Stateless.
 */
public final class MovieLensCsvReader implements DatasetReader {
  static final String RATINGS = "ratings.csv";
  static final String MOVIES = "movies.csv";
  static final List<String> RATINGS_HEADER = List.of("userId", "movieId", "rating", "timestamp");
  static final List<String> MOVIES_HEADER = List.of("movieId", "title", "genres");
  private static final String FORMAT = "MovieLens CSV (latest/25M/32M)";

  @Override
  public List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException {
    Path ratings = DatasetFiles.require(dir, RATINGS, FORMAT);
    Path movies = DatasetFiles.require(dir, MOVIES, FORMAT);
    try (CsvFile file = CsvFile.open(movies)) {
      file.expectHeader(MOVIES_HEADER);
      file.forEachRow(3, (r, line) -> sink.item(new Item(Fields.id(r.get(0), "item id"), r.get(1),
          MovieLens.genres(r.get(2)), MovieLens.yearFromTitle(r.get(1)), Map.of())), errors);
    }
    try (CsvFile file = CsvFile.open(ratings)) {
      file.expectHeader(RATINGS_HEADER);
      file.forEachRow(4, (r, line) -> sink.interaction(MovieLens.rating(r.get(0), r.get(1), r.get(2), r.get(3))),
          errors);
    }
    return List.of();
  }
}
