package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads RecBole atomic files: {@code <name>.inter} (required) and {@code <name>.item},
 * {@code <name>.user} when present, tab-separated UTF-8 with a typed header (see {@link
 * RecBoleHeader}).
 *
 * <ul>
 *   <li>Interactions need {@code user_id} and {@code item_id}. A {@code rating} field makes them
 *       {@link InteractionType#RATING} with that value; otherwise a {@code label} field makes them
 *       {@link InteractionType#CLICK} with the label as value; otherwise clicks of value 1. A
 *       {@code timestamp} (seconds, may be fractional) becomes milliseconds; without one, the row
 *       number is used as seconds so that time order is file order, and the notes say so.
 *   <li>Items: title from {@code movie_title}, {@code title} or {@code name} (tokens joined by a
 *       space), categories from {@code class}, {@code genre}, {@code genres} or {@code categories}
 *       (tokens), year from {@code release_year} or {@code year}; every other field is an attribute.
 *       A year that is not a number (ml-100k has "unkonwn") leaves the year unknown and is kept as an
 *       attribute.
 *   <li>Users: every field but {@code user_id} is an attribute.
 * </ul>
 *
 * Empty values are left out of attributes. Stateless.
 */
public final class RecBoleReader implements DatasetReader {
  static final String INTER = ".inter";
  static final List<String> TITLE_FIELDS = List.of("movie_title", "title", "name");
  static final List<String> CATEGORY_FIELDS = List.of("class", "genre", "genres", "categories");
  static final List<String> YEAR_FIELDS = List.of("release_year", "year");

  @Override
  public List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException {
    Path inter = interFile(dir);
    String name = inter.getFileName().toString();
    name = name.substring(0, name.length() - INTER.length());
    Path items = DatasetFiles.optional(dir, name + ".item");
    Path users = DatasetFiles.optional(dir, name + ".user");
    List<String> notes = new ArrayList<>();
    if (items != null) readItems(items, sink, errors, notes);
    if (users != null) readUsers(users, sink, errors);
    readInteractions(inter, sink, errors, notes);
    return notes;
  }

  /**
   * The one {@code *.inter} file of {@code dir}.
   *
   * @throws IllegalArgumentException when there is none or more than one
   */
  static Path interFile(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + INTER)) {
      for (Path f : files) if (Files.isRegularFile(f)) found.add(f);
    }
    if (found.size() != 1) {
      throw new IllegalArgumentException("RecBole needs exactly one *.inter file in " + dir + ", found "
          + (found.isEmpty() ? "none" : found.stream().map(p -> p.getFileName().toString()).sorted().toList()));
    }
    return found.get(0);
  }

  private static void readInteractions(Path file, DatasetSink sink, RowErrors errors, List<String> notes)
      throws IOException {
    try (DelimitedFile rows = DelimitedFile.open(file, StandardCharsets.UTF_8, "\t")) {
      RecBoleHeader header = RecBoleHeader.parse(file, rows.header());
      int user = header.require("user_id");
      int item = header.require("item_id");
      int rating = header.indexOf(List.of("rating"));
      int valueField = rating >= 0 ? rating : header.indexOf(List.of("label"));
      InteractionType type = rating >= 0 ? InteractionType.RATING : InteractionType.CLICK;
      int timestamp = header.indexOf(List.of("timestamp"));
      if (timestamp < 0) {
        notes.add(file + " has no timestamp field: each interaction's time is its row number in seconds,"
            + " so time order is file order");
      }
      List<String> unused = new ArrayList<>();
      for (int c = 0; c < header.size(); c++) {
        if (c != user && c != item && c != valueField && c != timestamp) unused.add(header.name(c));
      }
      if (!unused.isEmpty()) notes.add(file + ": fields " + unused + " not imported (interactions have no attributes)");
      String valueName = valueField < 0 ? "" : header.name(valueField);
      rows.forEachRow(header.size(), (f, line) -> {
        String userId = Fields.id(f[user], "user id");
        String itemId = Fields.id(f[item], "item id");
        float value = valueField < 0 ? 1f : Fields.finiteFloat(f[valueField], valueName);
        long millis = timestamp >= 0 ? Fields.fractionalSecondsToMillis(f[timestamp]) : (line - 1) * 1000L;
        sink.interaction(new Interaction(userId, itemId, type, value, millis));
      }, errors);
    }
  }

  private static void readItems(Path file, DatasetSink sink, RowErrors errors, List<String> notes)
      throws IOException {
    try (DelimitedFile rows = DelimitedFile.open(file, StandardCharsets.UTF_8, "\t")) {
      RecBoleHeader header = RecBoleHeader.parse(file, rows.header());
      int id = header.require("item_id");
      int title = header.indexOf(TITLE_FIELDS);
      int categories = header.indexOf(CATEGORY_FIELDS);
      int year = header.indexOf(YEAR_FIELDS);
      long[] yearsNotNumbers = {0};
      rows.forEachRow(header.size(), (f, line) -> {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          if (c != id && c != title && c != categories && c != year) {
            Fields.putIfPresent(attributes, header.name(c), f[c]);
          }
        }
        int y = year < 0 ? Item.UNKNOWN_YEAR : Fields.yearOrUnknown(f[year]);
        if (year >= 0 && y == Item.UNKNOWN_YEAR && !f[year].isEmpty()) {
          attributes.put(header.name(year), f[year]);
          yearsNotNumbers[0]++;
        }
        sink.item(new Item(Fields.id(f[id], "item id"), title < 0 ? "" : text(header, title, f[title]),
            categories < 0 ? List.of() : tokens(header, categories, f[categories]), y, attributes));
      }, errors);
      if (yearsNotNumbers[0] > 0) {
        notes.add(file + ": " + yearsNotNumbers[0] + " item(s) have a " + header.name(year)
            + " that is not a year; their year is unknown and the value is kept as an attribute");
      }
    }
  }

  private static void readUsers(Path file, DatasetSink sink, RowErrors errors) throws IOException {
    try (DelimitedFile rows = DelimitedFile.open(file, StandardCharsets.UTF_8, "\t")) {
      RecBoleHeader header = RecBoleHeader.parse(file, rows.header());
      int id = header.require("user_id");
      rows.forEachRow(header.size(), (f, line) -> {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          if (c != id) Fields.putIfPresent(attributes, header.name(c), f[c]);
        }
        sink.user(new User(Fields.id(f[id], "user id"), attributes));
      }, errors);
    }
  }

  /** A token_seq's tokens joined by single spaces; any other field as written. */
  private static String text(RecBoleHeader header, int column, String value) {
    return header.isSequence(column) ? String.join(" ", Fields.split(value, ' ')) : value;
  }

  /** A token_seq's tokens; any other non-empty field as one token. */
  private static List<String> tokens(RecBoleHeader header, int column, String value) {
    if (header.isSequence(column)) return Fields.split(value, ' ');
    return value.isEmpty() ? List.of() : List.of(value);
  }
}
