package io.recsys.featurestore.ingest.api;

import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.ingest.stream.IngestEvent;
import io.recsys.featurestore.store.FeatureEvent;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@code POST /v1/events} body into events, or rejects it whole with every problem named by
 * event index and field ({@link InvalidRequestException}). Checks: the body is a JSON array of 1 to
 * {@code maxEvents} objects, no object with a key twice; {@code eventId}, {@code userId},
 * {@code itemId} are non-blank strings of at most {@value #MAX_ID_LENGTH} Unicode code points,
 * well-formed (no lone surrogate) and without control characters, taken exactly as sent; {@code type}
 * is one of the interaction types, exactly (no padding; the same character rules as ids);
 * {@code value} (optional, default 1) is a finite number, within [0, 10] for ratings and
 * [0, {@value #MAX_VALUE}] otherwise; {@code timestamp} is an ISO-8601 instant (offsets allowed) not
 * before {@code minTimestamp} and no further in the future than the allowed clock skew;
 * {@code requestId} is optional (the id rules); {@code propensity} (optional, on any type) is a finite
 * number in (0, 1], at least {@link FeatureEvent#MIN_PROPENSITY}; no other fields. The first
 * {@value #MAX_ERRORS} errors are listed. Thread-safe.
 */
public final class EventBatchParser {
  public static final int MAX_ID_LENGTH = IdRules.MAX_LENGTH;
  public static final double MAX_RATING = 10;
  public static final double MAX_VALUE = 1_000_000;
  public static final int MAX_ERRORS = 100;
  private static final Set<String> FIELDS = Set.of("eventId", "userId", "itemId", "type", "value", "timestamp", "requestId",
      "propensity");

  // A key twice in one object is refused rather than "last one wins": the two values may name two users.
  private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final int maxEvents;
  private final Duration maxSkew;
  private final Instant minTimestamp;
  private final Clock clock;
  private final EventTypeRegistry types;

  /** A parser that accepts the platform's own type names only. */
  public EventBatchParser(int maxEvents, Duration maxSkew, Instant minTimestamp, Clock clock) {
    this(maxEvents, maxSkew, minTimestamp, clock, EventTypeRegistry.defaults());
  }

  /**
   * @param types the deployment's type names and aliases (the same registry {@code ./recsys import}
   *     reads: {@code RECSYS_TYPES_FILE}); an event's type is stored as the platform type it maps to
   */
  public EventBatchParser(int maxEvents, Duration maxSkew, Instant minTimestamp, Clock clock, EventTypeRegistry types) {
    this.maxEvents = maxEvents;
    this.maxSkew = maxSkew;
    this.minTimestamp = minTimestamp;
    this.clock = clock;
    this.types = types;
  }

  public List<IngestEvent> parse(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw reject("an event names '" + clip(duplicate) + "' twice" + where,
            InvalidField.of(clip(duplicate), "duplicate key" + where + ": each field may appear once per event"));
      }
      throw reject("malformed JSON" + where, InvalidField.of("body", "malformed JSON" + where));
    }
    if (root == null || root.isMissingNode() || !root.isArray()) {
      throw reject("the body must be a JSON array of events", InvalidField.of("body", "expected a JSON array of events"));
    }
    int n = root.size();
    if (n == 0) throw reject("the batch is empty", InvalidField.of("body", "the batch holds no events"));
    if (n > maxEvents) {
      throw reject("the batch holds " + n + " events; at most " + maxEvents + " are accepted",
          InvalidField.of("body", n + " events, more than the limit of " + maxEvents));
    }
    long latest = clock.millis() + maxSkew.toMillis();
    List<IngestEvent> events = new ArrayList<>(n);
    List<InvalidField> errors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      IngestEvent e = event(i, root.get(i), latest, errors);
      if (e != null) events.add(e);
    }
    if (!errors.isEmpty()) {
      List<InvalidField> shown = errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors;
      int bad = (int) errors.stream().map(InvalidField::index).distinct().count();
      throw new InvalidRequestException(bad + " of " + n + " events are invalid; nothing was accepted"
          + (errors.size() > MAX_ERRORS ? " (first " + MAX_ERRORS + " of " + errors.size() + " errors listed)" : ""),
          shown);
    }
    return events;
  }

  private IngestEvent event(int i, JsonNode node, long latestMillis, List<InvalidField> errors) {
    if (node == null || !node.isObject()) {
      errors.add(new InvalidField(i, "event", "expected a JSON object"));
      return null;
    }
    int before = errors.size();
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (!FIELDS.contains(f.getKey())) errors.add(new InvalidField(i, clip(f.getKey()), "unknown field"));
    }
    String eventId = id(i, node, "eventId", errors);
    String userId = id(i, node, "userId", errors);
    String itemId = id(i, node, "itemId", errors);
    InteractionType type = type(i, node.get("type"), errors);
    double value = value(i, node.get("value"), type, errors);
    long ts = timestamp(i, node.get("timestamp"), latestMillis, errors);
    String requestId = null;
    JsonNode r = node.get("requestId");
    if (r != null && !r.isNull()) requestId = text(i, "requestId", r, errors);
    Double propensity = propensity(i, node.get("propensity"), errors);
    if (errors.size() > before) return null;
    return new IngestEvent(eventId, userId, itemId, type, value, ts, requestId, propensity);
  }

  private static String id(int i, JsonNode node, String field, List<InvalidField> errors) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      errors.add(new InvalidField(i, field, "missing"));
      return null;
    }
    String s = text(i, field, v, errors);
    if (s != null && s.isBlank()) {
      errors.add(new InvalidField(i, field, "blank"));
      return null;
    }
    return s;
  }

  /** The key Jackson's duplicate detection refused, or null for any other parse error. */
  private static String duplicateKey(JacksonException e) {
    String m = e.getOriginalMessage();
    if (m == null || !m.startsWith("Duplicate Object property \"")) return null;
    int end = m.indexOf('"', "Duplicate Object property \"".length());
    return end < 0 ? null : m.substring("Duplicate Object property \"".length(), end);
  }

  private static String text(int i, String field, JsonNode v, List<InvalidField> errors) {
    if (!v.isString()) {
      errors.add(new InvalidField(i, field, "expected a string"));
      return null;
    }
    String s = v.stringValue();
    String problem = IdRules.problem(s);
    if (problem != null) {
      errors.add(new InvalidField(i, field, problem));
      return null;
    }
    return s;
  }

  private InteractionType type(int i, JsonNode v, List<InvalidField> errors) {
    if (v == null || v.isNull()) {
      errors.add(new InvalidField(i, "type", "missing"));
      return null;
    }
    String name = text(i, "type", v, errors);
    if (name == null) return null;
    EventTypeRegistry.Alias alias = name.equals(name.strip()) ? types.resolve(name) : null;
    if (alias == null) {
      errors.add(new InvalidField(i, "type", "unknown type '" + clip(v.stringValue()) + "' (expected one of " + types.acceptedNames() + ")"));
      return null;
    }
    return alias.type();
  }

  private static double value(int i, JsonNode v, InteractionType type, List<InvalidField> errors) {
    if (v == null || v.isNull()) {
      if (type == InteractionType.RATING) errors.add(new InvalidField(i, "value", "a rating needs a value"));
      return 1;
    }
    if (!v.isNumber()) {
      errors.add(new InvalidField(i, "value", "expected a number"));
      return Double.NaN;
    }
    double d = v.doubleValue();
    double max = type == InteractionType.RATING ? MAX_RATING : MAX_VALUE;
    if (!Double.isFinite(d) || d < 0 || d > max) {
      errors.add(new InvalidField(i, "value", "out of range: " + (Double.isFinite(d) ? d : "not finite") + " (allowed 0 to "
          + (long) max + (type == InteractionType.RATING ? " for a rating)" : ")")));
      return Double.NaN;
    }
    return d;
  }

  /**
   * The probability with which the re-ranker showed the item, or null when absent (JSON null too, as
   * for the other optional fields). Strict like {@code value}: a string such as "0.5" or "NaN" is
   * refused, not read; 0 is refused because its inverse-propensity weight is infinite.
   */
  private static Double propensity(int i, JsonNode v, List<InvalidField> errors) {
    if (v == null || v.isNull()) return null;
    if (!v.isNumber()) {
      errors.add(new InvalidField(i, "propensity", "expected a number"));
      return null;
    }
    double d = v.doubleValue();
    if (!FeatureEvent.isPropensity(d)) {
      errors.add(new InvalidField(i, "propensity", d > 0 && d < FeatureEvent.MIN_PROPENSITY
          ? "too small: " + d + " (below " + FeatureEvent.MIN_PROPENSITY + " its inverse is not a finite weight)"
          : "out of range: " + (Double.isFinite(d) ? d : "not finite") + " (allowed above 0 up to 1)"));
      return null;
    }
    return d;
  }

  private long timestamp(int i, JsonNode v, long latestMillis, List<InvalidField> errors) {
    if (v == null || v.isNull()) {
      errors.add(new InvalidField(i, "timestamp", "missing"));
      return 0;
    }
    if (!v.isString()) {
      errors.add(new InvalidField(i, "timestamp", "expected an ISO-8601 instant such as 2026-11-25T10:00:00Z"));
      return 0;
    }
    try {
      long ms = IsoInstant.parseMillis(v.stringValue());
      if (ms > latestMillis) {
        errors.add(new InvalidField(i, "timestamp", "in the future: " + Instant.parse(v.stringValue()) + " is more than " + maxSkew
            + " ahead of the server clock (" + Instant.ofEpochMilli(clock.millis()) + ")"));
        return 0;
      }
      if (ms < minTimestamp.toEpochMilli()) {
        errors.add(new InvalidField(i, "timestamp", "before " + minTimestamp + " (recsys.ingest.min-timestamp): "
            + clip(v.stringValue())));
        return 0;
      }
      return ms;
    } catch (DateTimeParseException | ArithmeticException e) {
      errors.add(new InvalidField(i, "timestamp", "not an ISO-8601 instant: '" + clip(v.stringValue()) + "'"));
      return 0;
    }
  }

  private static InvalidRequestException reject(String detail, InvalidField error) {
    return new InvalidRequestException(detail, List.of(error));
  }

  /** Echoed input is cut short: error messages must not grow with what the client sent. */
  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
