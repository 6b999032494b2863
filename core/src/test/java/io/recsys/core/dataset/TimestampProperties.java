package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The hand-written parser and formatter of canonical timestamps agree with {@link Instant#parse} and
 * {@link Instant#toString}. Each invocation is one seeded case ({@link SeedSource}); a failure names
 * its seed and case.
 */
class TimestampProperties {
  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 2000)
  void readsWhatInstantWritesForWholeMilliseconds(long seed) {
    long millis = new Gen(seed).longBetween(-62_135_596_800_000L, 253_402_300_799_999L);
    String text = Instant.ofEpochMilli(millis).toString();

    Seeds.check(seed, text, () ->
        assertThat(Fields.simpleUtcMillis(text)).isEqualTo(millis).isEqualTo(Instant.parse(text).toEpochMilli()));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 2000)
  void agreesWithInstantParseOnEveryDateOfTheSimpleFormOrLeavesItToIt(long seed) {
    Gen gen = new Gen(seed);
    // Out-of-range fields on purpose (month 0 and 13, day 0 and 32, hour 24, second 60): edges the
    // generator favours.
    String text = String.format("%04d-%02d-%02dT%02d:59:%02d.999Z", gen.longBetween(0, 9999), gen.longBetween(0, 13),
        gen.longBetween(0, 32), gen.longBetween(0, 24), gen.longBetween(0, 60));
    long simple = Fields.simpleUtcMillis(text);
    Long parsed;
    try {
      parsed = Instant.parse(text).toEpochMilli();
    } catch (RuntimeException e) {
      parsed = null;
    }

    Long jdk = parsed;
    Seeds.check(seed, text, () -> {
      if (jdk == null) {
        assertThat(simple).isEqualTo(Fields.NOT_SIMPLE);
      } else if (simple != Fields.NOT_SIMPLE) {
        assertThat(simple).isEqualTo(jdk);
      }
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 5000)
  void writesExactlyWhatInstantWrites(long seed) {
    long millis = new Gen(seed).longBetween(-70_000_000_000_000L, 300_000_000_000_000L);
    StringBuilder b = new StringBuilder();
    Fields.appendUtcMillis(b, millis);

    Seeds.check(seed, millis, () -> assertThat(b.toString()).isEqualTo(Instant.ofEpochMilli(millis).toString()));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 2000)
  void writesWholeSecondsAndMidnightsWithoutAFraction(long seed) {
    Gen gen = new Gen(seed);
    // Half the cases a midnight (a multiple of 86 400 s), which uniform seconds would almost never be.
    long seconds = gen.chance(0.5) ? gen.longBetween(0, 4_000_000_000L / 86_400) * 86_400 : gen.longBetween(0, 4_000_000_000L);
    StringBuilder b = new StringBuilder();
    Fields.appendUtcMillis(b, seconds * 1000);

    Seeds.check(seed, seconds, () -> assertThat(b.toString()).isEqualTo(Instant.ofEpochSecond(seconds).toString()));
  }
}
