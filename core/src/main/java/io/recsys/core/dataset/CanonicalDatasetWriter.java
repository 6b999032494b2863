package io.recsys.core.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a dataset to the canonical (generic) format in bounded memory: rows are written as they
 * arrive and nothing is kept. The layout, which {@link GenericEventReader} reads back:
 *
 * <ul>
 *   <li>{@code events.csv}: header {@code userId,itemId,type,value,timestamp}; timestamp as an
 *       ISO-8601 UTC instant; a sixth column {@code sessionId} when the source has session ids beside
 *       its user ids ({@link #sessions()} before the first interaction; the header is written then);
 *   <li>{@code items.jsonl}: one {@code {"itemId","title","categories":[…],"year","attributes":{…}}}
 *       per line ({@code year} omitted when unknown);
 *   <li>{@code users.jsonl}: one {@code {"userId","attributes":{…}}} per line.
 * </ul>
 *
 * Files that would stay empty (no items, no users) are not created. Not thread-safe; close it to
 * flush.
 */
public final class CanonicalDatasetWriter implements DatasetSink, AutoCloseable {
  public static final String EVENTS_CSV = "events.csv";
  public static final String ITEMS_JSONL = "items.jsonl";
  public static final String USERS_JSONL = "users.jsonl";
  static final String[] EVENT_COLUMNS = {"userId", "itemId", "type", "value", "timestamp"};
  static final String SESSION_COLUMN = "sessionId";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path dir;
  private final Writer events;
  private final StringBuilder row = new StringBuilder(128);
  private Writer items;
  private Writer users;
  private long interactions;
  private boolean headerWritten;
  private boolean withSessions;

  public CanonicalDatasetWriter(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    this.events = open(dir.resolve(EVENTS_CSV));
  }

  /** Keeps session ids (a {@code sessionId} column) unless interactions were already written without one. */
  @Override
  public boolean sessions() {
    if (!headerWritten) withSessions = true;
    return withSessions;
  }

  private void writeHeader() throws IOException {
    events.write(String.join(",", EVENT_COLUMNS));
    if (withSessions) events.write("," + SESSION_COLUMN);
    events.write('\n');
    headerWritten = true;
  }

  private static BufferedWriter open(Path file) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
  }

  @Override
  public void interaction(Interaction i) {
    // One row built in a reused buffer and written once: field-by-field CSV printing and
    // Instant.toString dominated the cost of writing tens of millions of rows.
    row.setLength(0);
    appendField(row, i.userId());
    appendField(row.append(','), i.itemId());
    row.append(',').append(i.type().wireName()).append(',').append(formatValue(i.value())).append(',');
    Fields.appendUtcMillis(row, i.timestampMillis());
    if (withSessions) appendField(row.append(','), i.sessionId());
    row.append('\n');
    try {
      if (!headerWritten) writeHeader();
      events.append(row);
      interactions++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 4180: quoted when it holds a comma, quote or line break, or starts or ends with white space. */
  private static void appendField(StringBuilder b, String field) {
    boolean quote = field.isEmpty() || field.charAt(0) <= ' ' || field.charAt(field.length() - 1) <= ' ';
    for (int c = 0; c < field.length() && !quote; c++) {
      char ch = field.charAt(c);
      quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    }
    if (!quote) {
      b.append(field);
      return;
    }
    b.append('"');
    for (int c = 0; c < field.length(); c++) {
      char ch = field.charAt(c);
      if (ch == '"') b.append('"');
      b.append(ch);
    }
    b.append('"');
  }

  private static String formatValue(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : Float.toString(v);
  }

  @Override
  public void item(Item item) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("itemId", item.itemId());
    json.put("title", item.title());
    json.put("categories", item.categories());
    if (item.hasYear()) json.put("year", item.year());
    if (!item.attributes().isEmpty()) json.put("attributes", item.attributes());
    try {
      if (items == null) items = open(dir.resolve(ITEMS_JSONL));
      items.write(JSON.writeValueAsString(json));
      items.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void user(User user) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("userId", user.userId());
    json.put("attributes", user.attributes());
    try {
      if (users == null) users = open(dir.resolve(USERS_JSONL));
      users.write(JSON.writeValueAsString(json));
      users.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Interactions written so far. */
  public long interactions() {
    return interactions;
  }

  @Override
  public void close() throws IOException {
    if (!headerWritten) writeHeader(); // an events file with no events still has its header
    try (events) {
      if (items != null) items.close();
    } finally {
      if (users != null) users.close();
    }
  }
}
