package io.recsys.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Generated values for one case of a seeded test ({@link SeedSource}): everything comes from one
 * {@link SplittableRandom}, so one seed gives the same case on every run.
 *
 * <p>Values are not just uniform: one draw in {@value #EDGE_ONE_IN} of a number is an edge of its
 * range (the bounds, their neighbours, and -1, 0 and 1 where they lie inside), and sizes (string
 * lengths, list sizes) favour the small and the bounds, because that is where code breaks. Strings
 * hold any UTF-16 text that is valid Unicode: ASCII (control characters included) often, the rest of
 * the Basic Multilingual Plane and surrogate pairs sometimes; never an unpaired surrogate, a
 * noncharacter or a private-use character.
 *
 * <p>Not thread-safe: one {@code Gen} per case.
 */
public final class Gen {
  /** One number in this many is an edge value of its range. */
  public static final int EDGE_ONE_IN = 8;

  /** Characters that break parsers and encoders: NUL, separators, quotes, escapes, odd spaces. */
  private static final String EDGE_CHARS = "\u0000\t\n\r \"'\\,:;{}[]\u007F\u0080\u00A0\u00FF\u2028\uFEFF\uFFFD";

  private final SplittableRandom random;

  public Gen(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The underlying random source, for code under test that takes a seed or a {@code Random}. */
  public SplittableRandom random() {
    return random;
  }

  /** True with probability {@code p}. */
  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** An int in {@code [min, max]}, both inclusive; sometimes an edge of the range. */
  public int intBetween(int min, int max) {
    return (int) longBetween(min, max);
  }

  /** Any int; sometimes 0, ±1, or the extremes. */
  public int anyInt() {
    return intBetween(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** A long in {@code [min, max]}, both inclusive; sometimes an edge of the range. */
  public long longBetween(long min, long max) {
    if (min > max) throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    if (random.nextInt(EDGE_ONE_IN) == 0) return edge(min, max);
    if (max == Long.MAX_VALUE) {
      return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
    }
    return random.nextLong(min, max + 1);
  }

  /** Any long; sometimes 0, ±1, or the extremes. */
  public long anyLong() {
    return longBetween(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A double in {@code [min, max]}; sometimes exactly a bound, or 0 when it lies inside. */
  public double doubleBetween(double min, double max) {
    if (!(min <= max)) throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    if (random.nextInt(EDGE_ONE_IN) == 0) {
      return switch (random.nextInt(3)) {
        case 0 -> min;
        case 1 -> max;
        default -> min <= 0 && 0 <= max ? 0.0 : min;
      };
    }
    return min == max ? min : random.nextDouble(min, max);
  }

  /** One of {@code values}, uniformly. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** One element of {@code values}, uniformly. */
  public <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** One constant of {@code type}, uniformly. */
  public <E extends Enum<E>> E oneOf(Class<E> type) {
    return oneOf(type.getEnumConstants());
  }

  /**
   * A size in {@code [min, max]} for a string or a collection: the bounds and {@code min + 1} often,
   * otherwise half the time a small size (up to {@code min + 10}), half the time any size.
   */
  public int size(int min, int max) {
    if (min < 0 || min > max) throw new IllegalArgumentException("bad size range [" + min + ", " + max + "]");
    return switch (random.nextInt(8)) {
      case 0 -> min;
      case 1 -> max;
      case 2 -> Math.min(min + 1, max);
      case 3, 4 -> random.nextInt(min, Math.min(max, min + 10) + 1);
      default -> random.nextInt(min, max + 1);
    };
  }

  /** A string of {@code [minLength, maxLength]} UTF-16 chars of any valid Unicode text (see the class comment). */
  public String string(int minLength, int maxLength) {
    int length = size(minLength, maxLength);
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      int kind = random.nextInt(32);
      if (kind < 12) {
        b.append((char) random.nextInt(0x80)); // ASCII, control characters included
      } else if (kind < 16) {
        b.append(EDGE_CHARS.charAt(random.nextInt(EDGE_CHARS.length())));
      } else if (kind == 16 && length - b.length() >= 2) {
        b.appendCodePoint(random.nextInt(0x10000, 0x110000)); // a surrogate pair: emoji, historic scripts, ...
      } else {
        b.append(bmpChar());
      }
    }
    return b.toString();
  }

  /** A string of {@code [minLength, maxLength]} chars, each one of {@code alphabet}, uniformly. */
  public String string(int minLength, int maxLength, String alphabet) {
    int length = size(minLength, maxLength);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return b.toString();
  }

  /** A list of {@code [minSize, maxSize]} elements made by {@code element}. */
  public <T> List<T> list(int minSize, int maxSize, Supplier<? extends T> element) {
    int size = size(minSize, maxSize);
    List<T> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) out.add(element.get());
    return out;
  }

  /**
   * A map (in insertion order) of up to {@code maxSize} entries, with at least {@code minSize} when
   * {@code key} can make that many distinct keys in a few attempts each.
   */
  public <K, V> Map<K, V> map(int minSize, int maxSize, Supplier<? extends K> key, Supplier<? extends V> value) {
    int size = size(minSize, maxSize);
    Map<K, V> out = new LinkedHashMap<>();
    for (int attempts = 0; out.size() < size && attempts < size * 10; attempts++) {
      K k = key.get();
      if (!out.containsKey(k)) out.put(k, value.get());
    }
    return out;
  }

  private long edge(long min, long max) {
    long[] candidates = {min, min == max ? min : min + 1, max == min ? max : max - 1, max, -1, 0, 1};
    while (true) {
      long c = candidates[random.nextInt(candidates.length)];
      if (c >= min && c <= max) return c;
    }
  }

  /** A char of the Basic Multilingual Plane that is a character on its own. */
  private char bmpChar() {
    while (true) {
      char c = (char) random.nextInt(0x10000);
      boolean surrogate = Character.isSurrogate(c);
      boolean privateUse = c >= '\uE000' && c <= '\uF8FF';
      boolean noncharacter = (c >= '\uFDD0' && c <= '\uFDEF') || c == '\uFFFE' || c == '\uFFFF';
      if (!surrogate && !privateUse && !noncharacter) return c;
    }
  }
}
