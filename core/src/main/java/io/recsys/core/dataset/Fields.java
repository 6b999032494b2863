package io.recsys.core.dataset;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses single fields of a row: ids, finite numbers, timestamps, years, separated lists. A field
 * that does not parse throws {@link RowProblem} with a reason that groups well ("rating is not a
 * number") and the offending text as detail. Every reader parses through here, so the same bad value
 * gets the same reason whatever the format. Stateless.
 */
final class Fields {
  /** Integer epochs at or above this are milliseconds, below it seconds (1e11 s is the year 5138). */
  static final long EPOCH_MILLIS_THRESHOLD = 100_000_000_000L;

  private static final long MAX_SECONDS = Long.MAX_VALUE / 1000;

  /** What {@link #simpleUtcMillis} returns for text not in its form; no instant it accepts maps here. */
  static final long NOT_SIMPLE = Long.MIN_VALUE;

  private Fields() {}

  /**
   * {@code text} when it is a usable id: any non-empty text, as {@link Interaction} accepts (ids are
   * kept exactly as written, spaces included); otherwise "missing/empty {what}".
   */
  static String id(String text, String what) {
    if (text == null) throw new RowProblem("missing " + what, "");
    if (text.isEmpty()) throw new RowProblem("empty " + what, "");
    return text;
  }

  /** A finite float; "{what} is not a number" or "{what} is not finite" otherwise. */
  static float finiteFloat(String text, String what) {
    float v;
    try {
      v = Float.parseFloat(text);
    } catch (NumberFormatException | NullPointerException e) {
      throw new RowProblem(what + " is not a number", quote(text));
    }
    if (!Float.isFinite(v)) throw new RowProblem(what + " is not finite", quote(text));
    return v;
  }

  /** Whole epoch seconds (MovieLens) as epoch milliseconds. */
  static long epochSecondsToMillis(String text) {
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new RowProblem("timestamp is not a whole number of seconds", quote(text));
    }
    return secondsToMillis(seconds, text);
  }

  /** Epoch seconds written as a float (RecBole), rounded to the millisecond. */
  static long fractionalSecondsToMillis(String text) {
    double seconds;
    try {
      seconds = Double.parseDouble(text);
    } catch (NumberFormatException | NullPointerException e) {
      throw new RowProblem("timestamp is not a number", quote(text));
    }
    if (!(Math.abs(seconds) <= MAX_SECONDS)) throw new RowProblem("timestamp is out of range", quote(text));
    return Math.round(seconds * 1000.0);
  }

  /**
   * An ISO-8601 instant ({@code 2024-05-01T12:00:00Z}, offsets allowed) or an integer epoch: values
   * at or above {@link #EPOCH_MILLIS_THRESHOLD} are milliseconds, the rest seconds.
   */
  static long instantOrEpochToMillis(String text) {
    if (text == null || text.isBlank()) throw new RowProblem("missing timestamp", "");
    if (looksLikeInteger(text)) {
      long v;
      try {
        v = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new RowProblem("timestamp is out of range", quote(text));
      }
      return v >= EPOCH_MILLIS_THRESHOLD ? v : secondsToMillis(v, text);
    }
    long simple = simpleUtcMillis(text);
    if (simple != NOT_SIMPLE) return simple;
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new RowProblem("timestamp is neither an ISO-8601 instant nor an integer epoch", quote(text));
    }
  }

  /**
   * Epoch millis of {@code yyyy-MM-ddTHH:mm:ssZ} or {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, the forms
   * {@link Instant#toString()} writes for whole milliseconds and so the form of every row of a
   * canonical events.csv; {@link #NOT_SIMPLE} for any other text, which {@link Instant#parse} then
   * decides. Parsing by hand here is several times faster than {@code Instant.parse}.
   */
  static long simpleUtcMillis(String t) {
    int n = t.length();
    if ((n != 20 && n != 24) || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
        || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z'
        || (n == 24 && t.charAt(19) != '.')) {
      return NOT_SIMPLE;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    int millis = n == 24 ? digits(t, 20, 3) : 0;
    if ((year | month | day | hour | minute | second | millis) < 0 || month < 1 || month > 12 || day < 1
        || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59 || second > 59) {
      return NOT_SIMPLE;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  /** Instants from 0000-01-01 up to 9999-12-31: the years {@link #appendUtcMillis} writes by hand. */
  private static final long MIN_SIMPLE_MILLIS = -62_167_219_200_000L;
  private static final long MAX_SIMPLE_MILLIS = 253_402_300_800_000L;

  /**
   * Appends exactly what {@code Instant.ofEpochMilli(millis).toString()} writes — the inverse of
   * {@link #simpleUtcMillis} — without allocating an Instant and a formatter per row, which made
   * {@code Instant.toString} the largest cost of writing a canonical events.csv.
   */
  static void appendUtcMillis(StringBuilder b, long millis) {
    if (millis < MIN_SIMPLE_MILLIS || millis >= MAX_SIMPLE_MILLIS) {
      b.append(Instant.ofEpochMilli(millis));
      return;
    }
    long epochDay = Math.floorDiv(millis, 86_400_000L);
    int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    pad(b, date.getYear(), 4).append('-');
    pad(b, date.getMonthValue(), 2).append('-');
    pad(b, date.getDayOfMonth(), 2).append('T');
    pad(b, msOfDay / 3_600_000, 2).append(':');
    pad(b, msOfDay / 60_000 % 60, 2).append(':');
    pad(b, msOfDay / 1000 % 60, 2);
    if (msOfDay % 1000 != 0) pad(b.append('.'), msOfDay % 1000, 3);
    b.append('Z');
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    for (int scale = width == 4 ? 1000 : width == 3 ? 100 : 10; scale > 1 && value < scale; scale /= 10) b.append('0');
    return b.append(value);
  }

  /** The number written by {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int d = t.charAt(i) - '0';
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /** A year as a positive integer, or {@link Item#UNKNOWN_YEAR} when {@code text} is not one. */
  static int yearOrUnknown(String text) {
    if (text == null || text.isEmpty() || text.length() > 9 || !looksLikeInteger(text)) return Item.UNKNOWN_YEAR;
    int year = Integer.parseInt(text);
    return year > 0 ? year : Item.UNKNOWN_YEAR;
  }

  /** The non-empty parts of {@code text} between {@code separator}s, in order. */
  static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0, n = text.length(); i <= n; i++) {
      if (i == n || text.charAt(i) == separator) {
        if (i > start) parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return parts;
  }

  /** Puts {@code value} under {@code name} unless it is empty: an empty field means "no value". */
  static void putIfPresent(Map<String, String> attributes, String name, String value) {
    if (!value.isEmpty()) attributes.put(name, value);
  }

  private static long secondsToMillis(long seconds, String text) {
    if (Math.abs(seconds) > MAX_SECONDS) throw new RowProblem("timestamp is out of range", quote(text));
    return seconds * 1000;
  }

  private static boolean looksLikeInteger(String text) {
    int i = text.startsWith("-") ? 1 : 0;
    if (i == text.length()) return false;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  /** The value as it will read in an error message: quoted, so empty and blank values show. */
  static String quote(String text) {
    if (text == null) return "(missing)";
    return '\'' + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + '\'';
  }
}
