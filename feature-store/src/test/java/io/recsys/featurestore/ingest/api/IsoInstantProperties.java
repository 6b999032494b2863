package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The hand parser must agree with {@code Instant.parse(...).toEpochMilli()} on every text, accepted or not. */
class IsoInstantProperties {

  @Property(tries = 3000)
  void canonicalInstantsParseToTheJdksValue(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 9) int fractionDigits) {
    String base = Instant.ofEpochSecond(seconds).toString(); // yyyy-MM-ddTHH:mm:ssZ
    String text = fractionDigits == 0 ? base
        : base.substring(0, base.length() - 1) + "." + String.format("%09d", nanos).substring(0, fractionDigits) + "Z";
    assertThat(IsoInstant.parseMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
  }

  @Property(tries = 3000)
  void anyTextIsAcceptedOrRejectedExactlyAsTheJdkDoes(@ForAll("nearlyInstants") String text) {
    Object expected;
    try {
      expected = Instant.parse(text).toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      expected = e.getClass();
    }
    Object actual;
    try {
      actual = IsoInstant.parseMillis(text);
    } catch (DateTimeException | ArithmeticException e) {
      actual = e.getClass();
    }
    assertThat(actual).as(text).isEqualTo(expected);
  }

  /** Canonical instants with one character replaced, inserted or removed, and offsets or lower case. */
  @Provide
  Arbitrary<String> nearlyInstants() {
    Arbitrary<String> base = Arbitraries.longs().between(-100_000_000_000L, 300_000_000_000L)
        .map(s -> Instant.ofEpochSecond(s / 10, (s % 10 + 10) % 10 * 100_000_000L).toString());
    Arbitrary<Character> chars = Arbitraries.of('0', '1', '5', '9', '3', ':', '-', '.', 'T', 't', 'Z', 'z', '+', ' ', 'x');
    return net.jqwik.api.Combinators.combine(base, Arbitraries.integers().between(0, 40), chars, Arbitraries.integers().between(0, 3))
        .as((s, at, c, op) -> {
          int i = Math.min(at, s.length() - 1);
          return switch (op) {
            case 0 -> s.substring(0, i) + c + s.substring(i + 1);
            case 1 -> s.substring(0, i) + c + s.substring(i);
            case 2 -> s.substring(0, i) + s.substring(i + 1);
            default -> s.replace("Z", at % 2 == 0 ? "+01:30" : "-00:00");
          };
        });
  }

  @Example
  void invalidDatesAndTimesAreRejectedAndTheJdksLeniencyIsKept() {
    for (String bad : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-25T10:60:00Z",
        "2026-11-25 10:00:00Z", "2026-11-25T10:00:00.1234567890Z", ""}) {
      assertThatThrownBy(() -> IsoInstant.parseMillis(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }
    // Not the canonical form, but accepted by Instant.parse: end of day, an empty fraction, a leap second.
    for (String odd : new String[] {"2026-11-25T24:00:00Z", "2026-11-25T10:00:00.Z", "2026-11-25T23:59:60Z", "2026-11-25T10:00:00+01:00"}) {
      assertThat(IsoInstant.parseMillis(odd)).as(odd).isEqualTo(Instant.parse(odd).toEpochMilli());
    }
    assertThat(IsoInstant.parseMillis("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli());
    assertThat(IsoInstant.parseMillis("1969-12-31T23:59:59.9995Z")).isEqualTo(-1L);
  }
}
