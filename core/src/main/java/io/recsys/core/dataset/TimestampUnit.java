package io.recsys.core.dataset;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How the timestamp column of a mapped event file is written ({@code --time-unit}). */
public enum TimestampUnit {
  /**
   * Decided per value, as the generic format does: an ISO-8601 instant, or an integer epoch read as
   * milliseconds from {@link Fields#EPOCH_MILLIS_THRESHOLD} (1e11) up and as seconds below, so epoch
   * milliseconds before 1973-03-03 would be misread as seconds: name the unit for such data.
   */
  AUTO("auto"),
  /** Epoch seconds, whole or fractional. */
  SECONDS("s"),
  /** Whole epoch milliseconds. */
  MILLIS("ms"),
  /** ISO-8601 instants with a zone or offset ({@code 2014-04-07T10:51:09.277Z}). */
  ISO("iso");

  private final String cliName;

  TimestampUnit(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** @throws IllegalArgumentException naming the accepted units */
  public static TimestampUnit parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (TimestampUnit u : values()) if (u.cliName.equals(n)) return u;
    return switch (n) {
      case "seconds", "sec" -> SECONDS;
      case "millis", "milliseconds" -> MILLIS;
      default -> throw new IllegalArgumentException("unknown time unit " + Fields.quote(name) + " (expected auto, s, ms or iso)");
    };
  }

  /** Epoch milliseconds of {@code text}; throws {@link RowProblem} when it is not in this unit. */
  long toMillis(String text) {
    if (text == null || text.isEmpty()) throw new RowProblem("missing timestamp", "");
    return switch (this) {
      case AUTO -> Fields.instantOrEpochToMillis(text);
      case SECONDS -> text.indexOf('.') >= 0 ? Fields.fractionalSecondsToMillis(text) : Fields.epochSecondsToMillis(text);
      case MILLIS -> {
        try {
          yield Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new RowProblem("timestamp is not a whole number of milliseconds", Fields.quote(text));
        }
      }
      case ISO -> {
        long simple = Fields.simpleUtcMillis(text);
        if (simple != Fields.NOT_SIMPLE) yield simple;
        try {
          yield Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
          throw new RowProblem("timestamp is not an ISO-8601 instant", Fields.quote(text));
        }
      }
    };
  }
}
