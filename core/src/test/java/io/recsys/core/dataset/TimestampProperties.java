package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The hand-written parser and formatter of canonical timestamps agree with {@link Instant#parse} and
 * {@link Instant#toString}.
 */
class TimestampProperties {
  @Property(tries = 2000)
  void readsWhatInstantWritesForWholeMilliseconds(
      @ForAll @LongRange(min = -62_135_596_800_000L, max = 253_402_300_799_999L) long millis) {
    String text = Instant.ofEpochMilli(millis).toString();

    assertThat(Fields.simpleUtcMillis(text)).isEqualTo(millis).isEqualTo(Instant.parse(text).toEpochMilli());
  }

  @Property(tries = 2000)
  void agreesWithInstantParseOnEveryDateOfTheSimpleFormOrLeavesItToIt(
      @ForAll @LongRange(min = 0, max = 9999) long year, @ForAll @LongRange(min = 0, max = 13) long month,
      @ForAll @LongRange(min = 0, max = 32) long day, @ForAll @LongRange(min = 0, max = 24) long hour,
      @ForAll @LongRange(min = 0, max = 60) long second) {
    String text = String.format("%04d-%02d-%02dT%02d:59:%02d.999Z", year, month, day, hour, second);
    long simple = Fields.simpleUtcMillis(text);
    Long parsed;
    try {
      parsed = Instant.parse(text).toEpochMilli();
    } catch (RuntimeException e) {
      parsed = null;
    }

    if (parsed == null) {
      assertThat(simple).as(text).isEqualTo(Fields.NOT_SIMPLE);
    } else if (simple != Fields.NOT_SIMPLE) {
      assertThat(simple).as(text).isEqualTo(parsed);
    }
  }

  @Property(tries = 5000)
  void writesExactlyWhatInstantWrites(@ForAll @LongRange(min = -70_000_000_000_000L, max = 300_000_000_000_000L) long millis) {
    StringBuilder b = new StringBuilder();
    Fields.appendUtcMillis(b, millis);
    assertThat(b.toString()).isEqualTo(Instant.ofEpochMilli(millis).toString());
  }

  @Property(tries = 2000)
  void writesWholeSecondsAndMidnightsWithoutAFraction(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds) {
    StringBuilder b = new StringBuilder();
    Fields.appendUtcMillis(b, seconds * 1000);
    assertThat(b.toString()).isEqualTo(Instant.ofEpochSecond(seconds).toString());
  }
}
