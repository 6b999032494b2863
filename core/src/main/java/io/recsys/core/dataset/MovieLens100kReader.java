package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads MovieLens 100K: {@code u.data} (tab-separated user, item, rating, epoch seconds),
 * {@code u.item} (ISO-8859-1, pipe-separated id|title|release date|video release date|IMDb URL|one
 * 0/1 flag per genre), genre names from {@code u.genre} when present, and {@code u.user} when present.
 * Ratings become {@link InteractionType#RATING} interactions with the rating as value. Titles are kept
 * as written ("Toy Story (1995)"); the year comes from the release date, or from the title when the
 * date is empty. Stateless.
 */
public final class MovieLens100kReader implements DatasetReader {
  static final String RATINGS = "u.data";
  static final String ITEMS = "u.item";
  static final String GENRES = "u.genre";
  static final String USERS = "u.user";
  private static final String FORMAT = "MovieLens 100K";
  /** Fields of u.item before the genre flags. */
  private static final int ITEM_FIELDS_BEFORE_GENRES = 5;

  /** The genres of u.genre in the 100K release, used when the file is absent. */
  static final List<String> STANDARD_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
      "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
      "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

  private static final DateTimeFormatter RELEASE_DATE = new DateTimeFormatterBuilder()
      .parseCaseInsensitive().appendPattern("dd-MMM-yyyy").toFormatter(Locale.ENGLISH);

  @Override
  public List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException {
    Path ratings = DatasetFiles.require(dir, RATINGS, FORMAT);
    Path items = DatasetFiles.require(dir, ITEMS, FORMAT);
    Path genreFile = DatasetFiles.optional(dir, GENRES);
    Path users = DatasetFiles.optional(dir, USERS);
    List<String> notes = new ArrayList<>();

    List<String> genres;
    if (genreFile == null) {
      genres = STANDARD_GENRES;
      notes.add("no " + GENRES + ": the standard 19 MovieLens 100K genre names were used");
    } else {
      genres = readGenres(genreFile);
    }
    readItems(items, genres, sink, errors);
    if (users == null) {
      notes.add("no " + USERS + ": no user attributes");
    } else {
      readUsers(users, sink, errors);
    }
    try (DelimitedFile file = DelimitedFile.open(ratings, StandardCharsets.UTF_8, "\t")) {
      file.forEachRow(4, (f, line) -> sink.interaction(MovieLens.rating(f[0], f[1], f[2], f[3])), errors);
    }
    return notes;
  }

  /**
   * Genre names by index from {@code name|index} lines. A broken dictionary makes every item row
   * ambiguous, so it fails whatever the row policy; the blank lines the release ends with are fine.
   */
  static List<String> readGenres(Path file) throws IOException {
    Map<Integer, String> byIndex = new TreeMap<>();
    try (LineReader lines = LineReader.open(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = lines.next()) != null) {
        if (line.isBlank()) continue;
        int bar = line.lastIndexOf('|');
        String name = bar < 0 ? "" : line.substring(0, bar);
        String indexText = bar < 0 ? "" : line.substring(bar + 1);
        int index = parseIndex(indexText);
        if (name.isEmpty() || index < 0) {
          throw new BadRowException(file, lines.lineNumber(), "expected name|index, found " + Fields.quote(line));
        }
        if (byIndex.putIfAbsent(index, name) != null) {
          throw new BadRowException(file, lines.lineNumber(), "genre index " + index + " appears twice");
        }
      }
    }
    if (byIndex.isEmpty()) throw new IllegalArgumentException(file + " is empty (expected name|index lines)");
    List<String> genres = new ArrayList<>(byIndex.values());
    if (!byIndex.containsKey(0) || !byIndex.containsKey(genres.size() - 1)) {
      throw new IllegalArgumentException(file + ": genre indexes are " + byIndex.keySet() + ", expected 0.."
          + (genres.size() - 1) + " with none missing");
    }
    return genres;
  }

  private static int parseIndex(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void readItems(Path file, List<String> genres, DatasetSink sink, RowErrors errors)
      throws IOException {
    try (DelimitedFile items = DelimitedFile.open(file, StandardCharsets.ISO_8859_1, "|")) {
      items.forEachRow(ITEM_FIELDS_BEFORE_GENRES + genres.size(), (f, line) -> sink.item(item(f, genres)), errors);
    }
  }

  private static Item item(String[] f, List<String> genres) {
    String id = Fields.id(f[0], "item id");
    String title = f[1];
    String releaseDate = f[2];
    int year = releaseDate.isEmpty() ? MovieLens.yearFromTitle(title) : releaseYear(releaseDate);
    List<String> categories = new ArrayList<>();
    for (int g = 0; g < genres.size(); g++) {
      String flag = f[ITEM_FIELDS_BEFORE_GENRES + g];
      if (flag.equals("1")) {
        categories.add(genres.get(g));
      } else if (!flag.equals("0")) {
        throw new RowProblem("genre flag is not 0 or 1", genres.get(g) + " = " + Fields.quote(flag));
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    Fields.putIfPresent(attributes, "release_date", releaseDate);
    Fields.putIfPresent(attributes, "video_release_date", f[3]);
    Fields.putIfPresent(attributes, "imdb_url", f[4]);
    return new Item(id, title, categories, year, attributes);
  }

  private static int releaseYear(String date) {
    try {
      return LocalDate.parse(date, RELEASE_DATE).getYear();
    } catch (DateTimeParseException e) {
      throw new RowProblem("release date is not dd-MMM-yyyy", Fields.quote(date));
    }
  }

  private static void readUsers(Path file, DatasetSink sink, RowErrors errors) throws IOException {
    try (DelimitedFile users = DelimitedFile.open(file, StandardCharsets.ISO_8859_1, "|")) {
      users.forEachRow(5, (f, line) -> sink.user(MovieLens.user(f[0], f[1], f[2], f[3], f[4])), errors);
    }
  }
}
