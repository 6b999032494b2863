package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The hand parser must agree with {@code Instant.parse(...).toEpochMilli()} on every text, accepted or
 * not. Each seeded invocation is one generated text; a failure names its seed and the text.
 */
class IsoInstantProperties {
  private static final List<Character> CHARS = List.of('0', '1', '5', '9', '3', ':', '-', '.', 'T', 't', 'Z', 'z', '+', ' ', 'x');

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 3000)
  void canonicalInstantsParseToTheJdksValue(long seed) {
    Gen gen = new Gen(seed);
    long seconds = gen.longBetween(-62_135_596_800L, 253_402_300_799L);
    int nanos = gen.intBetween(0, 999_999_999);
    int fractionDigits = gen.intBetween(0, 9);
    String base = Instant.ofEpochSecond(seconds).toString(); // yyyy-MM-ddTHH:mm:ssZ
    String text = fractionDigits == 0 ? base
        : base.substring(0, base.length() - 1) + "." + String.format("%09d", nanos).substring(0, fractionDigits) + "Z";
    Seeds.check(seed, text, () -> assertThat(IsoInstant.parseMillis(text)).isEqualTo(Instant.parse(text).toEpochMilli()));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 3000)
  void anyTextIsAcceptedOrRejectedExactlyAsTheJdkDoes(long seed) {
    String text = nearlyInstant(new Gen(seed));
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
    Object jdk = expected, ours = actual;
    Seeds.check(seed, "\"" + text + "\"", () -> assertThat(ours).isEqualTo(jdk));
  }

  /** A canonical instant with one character replaced, inserted or removed, or its Z turned into an offset. */
  private static String nearlyInstant(Gen gen) {
    long s = gen.longBetween(-100_000_000_000L, 300_000_000_000L);
    String base = Instant.ofEpochSecond(s / 10, (s % 10 + 10) % 10 * 100_000_000L).toString();
    int at = gen.intBetween(0, 40);
    char c = gen.oneOf(CHARS);
    int i = Math.min(at, base.length() - 1);
    return switch (gen.intBetween(0, 3)) {
      case 0 -> base.substring(0, i) + c + base.substring(i + 1);
      case 1 -> base.substring(0, i) + c + base.substring(i);
      case 2 -> base.substring(0, i) + base.substring(i + 1);
      default -> base.replace("Z", at % 2 == 0 ? "+01:30" : "-00:00");
    };
  }

  @Test
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
