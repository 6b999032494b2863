package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recsys.featurestore.ingest.stream.IngestEvent;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optional {@code propensity} of an event: the probability with which the re-ranker showed the item,
 * sent back with the event so the ranker can later weight it by 1/p (IPS). Read as strictly as
 * {@code value}: a finite JSON number in (0, 1], nothing coerced, every bad one named by index and field.
 */
class EventBatchParserPropensityTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final EventBatchParser parser = new EventBatchParser(100, Duration.ofMinutes(5),
      Instant.parse("1990-01-01T00:00:00Z"), Clock.fixed(NOW, ZoneOffset.UTC));

  /** An impression whose propensity is the given raw JSON, or none when null. */
  private static String event(String id, String propensityJson) {
    return "{\"eventId\":\"" + id + "\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"impression\",\"timestamp\":\""
        + NOW.minusSeconds(60) + "\"" + (propensityJson == null ? "" : ",\"propensity\":" + propensityJson) + "}";
  }

  private List<IngestEvent> parse(String... events) {
    return parser.parse(("[" + String.join(",", events) + "]").getBytes(StandardCharsets.UTF_8));
  }

  private List<InvalidField> errors(String... events) {
    return assertThrows(InvalidRequestException.class, () -> parse(events)).errors();
  }

  @Test
  void aValidPropensityIsKeptAndItIsOptional() {
    List<IngestEvent> events = parse(event("a", "0.25"), event("b", "1"), event("c", null), event("d", "null"),
        event("e", "2.5e-3"), event("f", "1.0"));
    assertThat(events).extracting(IngestEvent::propensity).containsExactly(0.25, 1.0, null, null, 0.0025, 1.0);
    assertThat(events.getFirst().toFeatureEvent().propensity()).as("the workers see it too").isEqualTo(0.25);
  }

  @Test
  void itIsAllowedOnEveryType() {
    for (String type : List.of("impression", "click", "cart", "purchase", "rating")) {
      String e = event("t", "0.5").replace("\"impression\"", "\"" + type + "\",\"value\":3");
      assertThat(parse(e).getFirst().propensity()).as(type).isEqualTo(0.5);
    }
  }

  @Test
  void zeroNegativeAboveOneAndNonFiniteAreOutOfRange() {
    for (String bad : List.of("0", "0.0", "-0.0", "-0.5", "1.5", "1.0000001", "2", "1e400", "-1e400", "1e-400")) {
      List<InvalidField> errors = errors(event("ok", "0.5"), event("bad", bad));
      assertThat(errors).as(bad).singleElement().satisfies(f -> {
        assertThat(f.index()).isEqualTo(1);
        assertThat(f.field()).isEqualTo("propensity");
        assertThat(f.message()).startsWith("out of range").contains("above 0 up to 1");
      });
    }
    assertThat(errors(event("x", "1e400")).getFirst().message()).contains("not finite");
    assertThat(errors(event("x", "1.5")).getFirst().message()).contains("1.5");
  }

  @Test
  void aPropensityWhoseInverseOverflowsIsRefused() {
    // 1e-310 is above 0 but subnormal: 1/p is infinite, as useless to a weighted loss as 0.
    assertThat(1 / 1e-310).isInfinite();
    assertThat(errors(event("x", "1e-310"))).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("propensity");
      assertThat(f.message()).startsWith("too small");
    });
    assertThat(parse(event("x", "1e-300")).getFirst().propensity()).isEqualTo(1e-300);
  }

  @Test
  void anythingButANumberIsRefusedNotCoerced() {
    for (String bad : List.of("\"0.5\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "true", "[0.5]", "{\"p\":0.5}", "\"\"")) {
      assertThat(errors(event("bad", bad))).as(bad).singleElement().satisfies(f -> {
        assertThat(f.index()).isZero();
        assertThat(f.field()).isEqualTo("propensity");
        assertThat(f.message()).isEqualTo("expected a number");
      });
    }
  }

  @Test
  void aBareNaNIsNotJson() {
    // JSON has no NaN: the body is malformed, not an event with a NaN propensity.
    assertThat(errors(event("bad", "NaN"))).singleElement().satisfies(f -> {
      assertThat(f.index()).isNull();
      assertThat(f.field()).isEqualTo("body");
      assertThat(f.message()).contains("malformed JSON");
    });
  }

  @Test
  void everyErrorOfTheBatchIsListedAtOnceWithThePropensityAmongThem() {
    String brokenTwice = event("b", "0").replace("\"userId\":\"u\"", "\"userId\":\" \"");
    List<InvalidField> errors = errors(event("a", "0.5"), brokenTwice, event("c", "\"high\""), event("d", "1"));
    assertThat(errors).extracting(InvalidField::index, InvalidField::field)
        .containsExactly(tuple(1, "userId"), tuple(1, "propensity"), tuple(2, "propensity"));
  }

  @Test
  void aPropensityTwiceInOneEventIsADuplicateKey() {
    assertThatThrownBy(() -> parse(event("a", "0.5,\"propensity\":0.6")))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("propensity")));
  }

  @Test
  void aMisspelledPropensityIsAnUnknownField() {
    assertThat(errors(event("a", null).replace("}", ",\"propensities\":0.5}"))).singleElement()
        .satisfies(f -> assertThat(f.field() + ": " + f.message()).isEqualTo("propensities: unknown field"));
  }
}
