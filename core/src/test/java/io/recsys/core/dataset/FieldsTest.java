package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FieldsTest {
  @Test
  void readsIntegerEpochsBelowTheThresholdAsSecondsAndFromItAsMilliseconds() {
    long threshold = Fields.EPOCH_MILLIS_THRESHOLD;

    assertThat(Fields.instantOrEpochToMillis("1714564800")).isEqualTo(1_714_564_800_000L);
    assertThat(Fields.instantOrEpochToMillis(Long.toString(threshold - 1))).isEqualTo((threshold - 1) * 1000);
    assertThat(Fields.instantOrEpochToMillis(Long.toString(threshold))).isEqualTo(threshold);
    assertThat(Fields.instantOrEpochToMillis("1714564800123")).isEqualTo(1_714_564_800_123L);
  }

  @Test
  void readsIsoInstantsWithZoneOrOffset() {
    long t = Instant.parse("2024-05-01T12:00:00.250Z").toEpochMilli();

    assertThat(Fields.instantOrEpochToMillis("2024-05-01T12:00:00.250Z")).isEqualTo(t);
    assertThat(Fields.instantOrEpochToMillis("2024-05-01T14:00:00.250+02:00")).isEqualTo(t);
  }

  @Test
  void roundsFractionalSecondsToTheMillisecond() {
    assertThat(Fields.fractionalSecondsToMillis("881250949")).isEqualTo(881_250_949_000L);
    assertThat(Fields.fractionalSecondsToMillis("1.2345")).isEqualTo(1_235L);
    assertThatThrownBy(() -> Fields.fractionalSecondsToMillis("1e300"))
        .isInstanceOfSatisfying(RowProblem.class, p -> assertThat(p.reason()).isEqualTo("timestamp is out of range"));
  }

  @Test
  void takesTheYearFromATrailingParenthesisedYearOnly() {
    assertThat(MovieLens.yearFromTitle("Toy Story (1995)")).isEqualTo(1995);
    assertThat(MovieLens.yearFromTitle("Toy Story (1995) ")).isEqualTo(1995);
    assertThat(MovieLens.yearFromTitle("1995 (film)")).isEqualTo(Item.UNKNOWN_YEAR);
    assertThat(MovieLens.yearFromTitle("Show (2006-2007)")).isEqualTo(Item.UNKNOWN_YEAR);
    assertThat(MovieLens.yearFromTitle("Nocturnal Animals")).isEqualTo(Item.UNKNOWN_YEAR);
  }

  @Test
  void keepsIdsAsWrittenButRejectsEmptyOnes() {
    assertThat(Fields.id(" 42 ", "user id")).isEqualTo(" 42 ");
    assertThatThrownBy(() -> Fields.id("", "user id"))
        .isInstanceOfSatisfying(RowProblem.class, p -> assertThat(p.reason()).isEqualTo("empty user id"));
  }
}
