package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.ingest.stream.IngestEvent;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's own event type names on {@code POST /v1/events}: the registry the importer reads
 * ({@code RECSYS_TYPES_FILE}) maps them onto the platform's types, and an unknown name is refused
 * naming every accepted one.
 */
class EventBatchParserTypesTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  @TempDir Path tmp;

  private static String event(String type) {
    return "[{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"" + type + "\",\"timestamp\":\"" + NOW.minusSeconds(60) + "\"}]";
  }

  private EventBatchParser parser(EventTypeRegistry types) {
    return new EventBatchParser(100, Duration.ofMinutes(5), Instant.parse("1990-01-01T00:00:00Z"), Clock.fixed(NOW, ZoneOffset.UTC), types);
  }

  private EventTypeRegistry shopTypes() throws Exception {
    Path file = Files.writeString(tmp.resolve("types.properties"), "pv = click\nbuy = purchase, weight=5\n");
    return EventTypeRegistry.configured(file, Map.of());
  }

  @Test
  void aDeploymentsOwnNamesAreStoredAsThePlatformTypes() throws Exception {
    EventBatchParser parser = parser(shopTypes());
    assertThat(parser.parse(event("pv").getBytes(StandardCharsets.UTF_8))).extracting(IngestEvent::type).containsExactly(InteractionType.CLICK);
    assertThat(parser.parse(event("buy").getBytes(StandardCharsets.UTF_8))).extracting(IngestEvent::type)
        .containsExactly(InteractionType.PURCHASE);
    assertThat(parser.parse(event("click").getBytes(StandardCharsets.UTF_8))).extracting(IngestEvent::type)
        .as("the platform's names stay accepted").containsExactly(InteractionType.CLICK);
  }

  @Test
  void anUnknownNameIsRefusedNamingTheAcceptedOnes() throws Exception {
    List<InvalidField> errors = assertThrows(InvalidRequestException.class,
        () -> parser(shopTypes()).parse(event("fav").getBytes(StandardCharsets.UTF_8))).errors();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("type");
      assertThat(e.message()).contains("unknown type 'fav'", "pv", "buy", "click");
    });
  }

  @Test
  void withoutARegistryOnlyThePlatformsNamesAreAccepted() {
    EventBatchParser plain = new EventBatchParser(100, Duration.ofMinutes(5), Instant.parse("1990-01-01T00:00:00Z"),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThrows(InvalidRequestException.class, () -> plain.parse(event("pv").getBytes(StandardCharsets.UTF_8)));
    assertThat(plain.parse(event("add-to-cart").getBytes(StandardCharsets.UTF_8))).extracting(IngestEvent::type)
        .containsExactly(InteractionType.CART);
  }
}
