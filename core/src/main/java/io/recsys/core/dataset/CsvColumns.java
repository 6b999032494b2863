package io.recsys.core.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a generic-format CSV header, with the snake_case spellings of the id columns
 * ({@code user_id}, {@code item_id}, {@code event_id}) read as their camelCase names, so either
 * convention works.
 *
 * @param file the file, named in errors
 * @param names column names in order, aliases resolved
 */
record CsvColumns(Path file, List<String> names) {
  private static final Map<String, String> ALIASES =
      Map.of("user_id", "userId", "item_id", "itemId", "event_id", "eventId");

  CsvColumns {
    names = List.copyOf(names);
  }

  /**
   * @throws BadRowException at line 1 when a column is empty or appears twice
   */
  static CsvColumns of(Path file, List<String> header) {
    List<String> names = new ArrayList<>();
    for (String column : header) {
      String name = ALIASES.getOrDefault(column, column);
      if (name.isBlank()) throw new BadRowException(file, 1, "header has an empty column name: " + header);
      if (names.contains(name)) throw new BadRowException(file, 1, "header has column " + name + " twice: " + header);
      names.add(name);
    }
    return new CsvColumns(file, names);
  }

  int size() {
    return names.size();
  }

  String name(int column) {
    return names.get(column);
  }

  /** The column called {@code name}, or -1. */
  int indexOf(String name) {
    return names.indexOf(name);
  }

  /**
   * The column called {@code name}.
   *
   * @throws BadRowException at line 1 when there is none, listing {@code expected}
   */
  int require(String name, String expected) {
    int i = names.indexOf(name);
    if (i < 0) throw new BadRowException(file, 1, "header has no " + name + " column (expected " + expected + ")");
    return i;
  }

  /**
   * @throws BadRowException at line 1 naming the first column not in {@code known}, listing
   *     {@code expected}
   */
  void rejectUnknown(Set<String> known, String expected) {
    for (String name : names) {
      if (!known.contains(name)) {
        throw new BadRowException(file, 1,
            "header has unknown column " + Fields.quote(name) + " (expected " + expected + ")");
      }
    }
  }
}
