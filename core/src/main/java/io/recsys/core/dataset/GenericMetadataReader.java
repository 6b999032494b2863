package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the optional metadata files of the generic format:
 *
 * <ul>
 *   <li>{@code items.jsonl}: {@code {"itemId", "title", "categories": [...], "year", "attributes": {...}}}
 *       per line, everything but {@code itemId} optional ({@code categories} may also be one
 *       pipe-separated string);
 *   <li>or {@code items.csv}: header with {@code itemId} and optionally {@code title},
 *       {@code categories} (pipe-separated) and {@code year}; any further column is an attribute;
 *   <li>{@code users.jsonl}: {@code {"userId", "attributes": {...}}} per line.
 * </ul>
 *
 * {@code item_id}/{@code user_id} work in place of {@code itemId}/{@code userId}. Stateless.
 */
final class GenericMetadataReader {
  static final String ITEMS_JSONL = CanonicalDatasetWriter.ITEMS_JSONL;
  static final String ITEMS_CSV = "items.csv";
  static final String USERS_JSONL = CanonicalDatasetWriter.USERS_JSONL;

  private GenericMetadataReader() {}

  /** Reads whichever metadata files {@code dir} has; returns notes on the ones it lacks. */
  static List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException {
    List<String> notes = new ArrayList<>();
    Path items = DatasetFiles.oneOf(dir, ITEMS_JSONL, ITEMS_CSV);
    if (items == null) {
      notes.add("no " + ITEMS_JSONL + " or " + ITEMS_CSV + ": no item metadata");
    } else if (items.getFileName().toString().equals(ITEMS_CSV)) {
      readItemsCsv(items, sink, errors);
    } else {
      JsonLinesFile.forEachObject(items, (o, line) -> sink.item(item(o)), errors);
    }
    Path users = DatasetFiles.optional(dir, USERS_JSONL);
    if (users == null) {
      notes.add("no " + USERS_JSONL + ": no user attributes");
    } else {
      JsonLinesFile.forEachObject(users, (o, line) -> sink.user(user(o)), errors);
    }
    return notes;
  }

  private static User user(JsonNode o) {
    return new User(Fields.id(JsonLinesFile.text(o, "userId", "user_id"), "user id"), JsonLinesFile.textMap(o, "attributes"));
  }

  private static Item item(JsonNode o) {
    String id = Fields.id(JsonLinesFile.text(o, "itemId", "item_id"), "item id");
    String title = JsonLinesFile.text(o, "title");
    JsonNode categoryNode = o.get("categories");
    List<String> categories = new ArrayList<>();
    if (categoryNode != null && categoryNode.isArray()) {
      for (JsonNode c : categoryNode) {
        if (!c.isString()) throw new RowProblem("categories is not an array of strings", "");
        categories.add(c.stringValue());
      }
    } else {
      String pipeSeparated = JsonLinesFile.text(o, "categories");
      if (pipeSeparated != null) categories = Fields.split(pipeSeparated, '|');
    }
    return new Item(id, title, categories, year(JsonLinesFile.text(o, "year")), JsonLinesFile.textMap(o, "attributes"));
  }

  private static void readItemsCsv(Path file, DatasetSink sink, RowErrors errors) throws IOException {
    try (CsvFile csv = CsvFile.open(file)) {
      CsvColumns columns = CsvColumns.of(file, csv.header());
      int id = columns.require("itemId", "itemId and optionally title, categories, year and attribute columns");
      int title = columns.indexOf("title");
      int categories = columns.indexOf("categories");
      int year = columns.indexOf("year");
      csv.forEachRow(columns.size(), (r, line) -> {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
          if (c != id && c != title && c != categories && c != year) {
            Fields.putIfPresent(attributes, columns.name(c), r.get(c));
          }
        }
        sink.item(new Item(Fields.id(r.get(id), "item id"), title < 0 ? "" : r.get(title),
            categories < 0 ? List.of() : Fields.split(r.get(categories), '|'),
            year < 0 ? Item.UNKNOWN_YEAR : year(r.get(year)), attributes));
      }, errors);
    }
  }

  /** An optional year: absent or empty means unknown, anything else must be a positive integer. */
  private static int year(String text) {
    if (text == null || text.isEmpty()) return Item.UNKNOWN_YEAR;
    int year = Fields.yearOrUnknown(text);
    if (year == Item.UNKNOWN_YEAR) throw new RowProblem("year is not a positive integer", Fields.quote(text));
    return year;
  }
}
