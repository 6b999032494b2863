package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads the generic (canonical) format, the one {@link CanonicalDatasetWriter} writes and the
 * platform's event API takes:
 *
 * <ul>
 *   <li>events, required, as {@code events.csv} (header with columns {@code userId}, {@code itemId},
 *       {@code type}, {@code timestamp} and optionally {@code value} and {@code eventId}; snake_case
 *       {@code user_id}/{@code item_id} also work) or as {@code events.jsonl} (one object per line with
 *       the same properties). {@code type} is a name of the {@link EventTypeRegistry} (by default
 *       the wire names {@link InteractionType#parse} accepts); {@code value} defaults to the name's
 *       weight (1 by default); {@code timestamp} is an ISO-8601 instant or an integer epoch (milliseconds from
 *       1e11 up, seconds below); {@code sessionId}, optional, is kept with each interaction (empty: none);
 *       {@code eventId} is accepted and ignored;
 *   <li>items, optional, as {@code items.jsonl} or {@code items.csv}, and users, optional, as
 *       {@code users.jsonl} (see {@link GenericMetadataReader}).
 * </ul>
 *
 * Stateless apart from its registry.
 */
public final class GenericEventReader implements DatasetReader {
  static final String EVENTS_CSV = CanonicalDatasetWriter.EVENTS_CSV;
  static final String EVENTS_JSONL = "events.jsonl";
  private static final Set<String> EVENT_COLUMNS = Set.of("userId", "itemId", "type", "value", "timestamp", "eventId",
      CanonicalDatasetWriter.SESSION_COLUMN);
  private static final String EXPECTED_COLUMNS = "userId,itemId,type,value,timestamp (value, sessionId and eventId optional)";

  private final EventTypeRegistry types;

  /** Reads type names through the registry of {@link EventTypeRegistry#fromEnvironment()}. */
  public GenericEventReader() {
    this(EventTypeRegistry.fromEnvironment());
  }

  /** Reads type names through {@code types}; with the defaults, exactly {@link InteractionType#parse}'s names. */
  public GenericEventReader(EventTypeRegistry types) {
    this.types = types;
  }

  @Override
  public List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException {
    Path events = DatasetFiles.oneOf(dir, EVENTS_CSV, EVENTS_JSONL);
    if (events == null) {
      throw new IllegalArgumentException("missing required file " + dir.resolve(EVENTS_CSV) + " (the generic format"
          + " needs " + EVENTS_CSV + " or " + EVENTS_JSONL + ")");
    }
    List<String> notes = GenericMetadataReader.read(dir, sink, errors);
    if (events.getFileName().toString().equals(EVENTS_CSV)) {
      readCsv(events, sink, errors, types);
    } else {
      JsonLinesFile.forEachObject(events, (o, line) -> sink.interaction(event(types,
          JsonLinesFile.text(o, "userId", "user_id"), JsonLinesFile.text(o, "itemId", "item_id"),
          JsonLinesFile.text(o, "type"), JsonLinesFile.text(o, "value"), JsonLinesFile.text(o, "timestamp"),
          JsonLinesFile.text(o, CanonicalDatasetWriter.SESSION_COLUMN, "session_id"))),
          errors);
    }
    return notes;
  }

  private static void readCsv(Path file, DatasetSink sink, RowErrors errors, EventTypeRegistry types) throws IOException {
    try (CsvFile csv = CsvFile.open(file)) {
      CsvColumns columns = CsvColumns.of(file, csv.header());
      columns.rejectUnknown(EVENT_COLUMNS, EXPECTED_COLUMNS);
      int user = columns.require("userId", EXPECTED_COLUMNS);
      int item = columns.require("itemId", EXPECTED_COLUMNS);
      int type = columns.require("type", EXPECTED_COLUMNS);
      int timestamp = columns.require("timestamp", EXPECTED_COLUMNS);
      int value = columns.indexOf("value");
      int session = columns.indexOf(CanonicalDatasetWriter.SESSION_COLUMN);
      if (session >= 0) sink.sessions();
      csv.forEachRow(columns.size(), (r, line) -> sink.interaction(event(types, r.get(user), r.get(item), r.get(type),
          value < 0 ? null : r.get(value), r.get(timestamp), session < 0 ? null : r.get(session))), errors);
    }
  }

  /**
   * One event from its fields as text; {@code value} may be null or empty (then the type name's
   * registry weight, 1 unless a registry file says otherwise); {@code session} may be null or empty (none).
   */
  static Interaction event(EventTypeRegistry types, String user, String item, String type, String value,
      String timestamp, String session) {
    String userId = Fields.id(user, "user id");
    String itemId = Fields.id(item, "item id");
    if (type == null || type.isBlank()) throw new RowProblem("missing type", "");
    EventTypeRegistry.Alias alias = types.resolve(type);
    if (alias == null) throw new RowProblem("unknown interaction type", Fields.quote(type));
    float v = value == null || value.isEmpty() ? alias.weight() : Fields.finiteFloat(value, "value");
    return new Interaction(userId, itemId, alias.type(), v, Fields.instantOrEpochToMillis(timestamp),
        session == null ? "" : session);
  }
}
