package io.recsys.core.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conventions the MovieLens releases share (100K, 1M/10M, latest/25M/32M): ratings rows, years in
 * titles, pipe-separated genres, user attributes. Stateless.
 */
final class MovieLens {
  /** What movies.csv/movies.dat write for a movie without genres. */
  static final String NO_GENRES = "(no genres listed)";

  private MovieLens() {}

  /** One rating row: ids as written, rating as the value, epoch seconds as the time. */
  static Interaction rating(String user, String item, String rating, String epochSeconds) {
    return new Interaction(Fields.id(user, "user id"), Fields.id(item, "item id"), InteractionType.RATING,
        Fields.finiteFloat(rating, "rating"), Fields.epochSecondsToMillis(epochSeconds));
  }

  /**
   * The year of a title that ends in {@code (yyyy)}, as in "Toy Story (1995)"; {@link
   * Item#UNKNOWN_YEAR} for any other title (no year, or a range such as "(2006-2007)").
   */
  static int yearFromTitle(String title) {
    String t = title.strip();
    int n = t.length();
    if (n < 6 || t.charAt(n - 1) != ')' || t.charAt(n - 6) != '(') return Item.UNKNOWN_YEAR;
    return Fields.yearOrUnknown(t.substring(n - 5, n - 1));
  }

  /** Genres from a pipe-separated list; {@link #NO_GENRES} means none. */
  static List<String> genres(String pipeSeparated) {
    if (pipeSeparated.equals(NO_GENRES)) return List.of();
    return Fields.split(pipeSeparated, '|');
  }

  /** A users.dat / u.user row's attributes, named as in the MovieLens READMEs, empty ones left out. */
  static User user(String id, String age, String gender, String occupation, String zipCode) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Fields.putIfPresent(attributes, "age", age);
    Fields.putIfPresent(attributes, "gender", gender);
    Fields.putIfPresent(attributes, "occupation", occupation);
    Fields.putIfPresent(attributes, "zip_code", zipCode);
    return new User(Fields.id(id, "user id"), attributes);
  }
}
