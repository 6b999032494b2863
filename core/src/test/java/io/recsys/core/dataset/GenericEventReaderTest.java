package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericEventReaderTest {
  @TempDir Path dir;

  private static final long T = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

  @Test
  void readsCsvEventsWithSnakeCaseIdsEpochTimesAndDefaultValues() throws IOException {
    TestFiles.write(dir, "events.csv", "eventId,user_id,item_id,type,timestamp,value",
        "e1,u1,i1,click,2024-05-01T12:00:00Z,",
        "e2,u1,i2,add-to-cart,2024-05-01T14:00:00+02:00,2",
        "e3,u2,i1,purchase," + T / 1000 + ",1.5",
        "e4,u2,\"i,3\",rating," + T + ",4");
    CollectingSink sink = new CollectingSink();

    new GenericEventReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("u1", "i1", InteractionType.CLICK, 1f, T),
        new Interaction("u1", "i2", InteractionType.CART, 2f, T),
        new Interaction("u2", "i1", InteractionType.PURCHASE, 1.5f, T),
        new Interaction("u2", "i,3", InteractionType.RATING, 4f, T));
  }

  @Test
  void readsJsonLinesEventsItemsAndUsers() throws IOException {
    TestFiles.write(dir, "events.jsonl",
        "{\"eventId\":\"e1\",\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"impression\",\"timestamp\":\"2024-05-01T12:00:00Z\"}",
        "{\"user_id\":7,\"item_id\":\"i2\",\"type\":\"click\",\"value\":0.25,\"timestamp\":" + T + "}");
    TestFiles.write(dir, "items.jsonl",
        "{\"itemId\":\"i1\",\"title\":\"Dune\",\"categories\":[\"sci-fi\",\"novel\"],\"year\":1965,\"attributes\":{\"pages\":412}}",
        "{\"item_id\":\"i2\",\"categories\":\"a|b\"}");
    TestFiles.write(dir, "users.jsonl", "{\"userId\":\"u1\",\"attributes\":{\"country\":\"FR\"}}");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new GenericEventReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("u1", "i1", InteractionType.IMPRESSION, 1f, T),
        new Interaction("7", "i2", InteractionType.CLICK, 0.25f, T));
    assertThat(sink.items).containsExactly(
        new Item("i1", "Dune", List.of("sci-fi", "novel"), 1965, Map.of("pages", "412")),
        new Item("i2", "", List.of("a", "b"), Item.UNKNOWN_YEAR, Map.of()));
    assertThat(sink.users).containsExactly(new User("u1", Map.of("country", "FR")));
    assertThat(notes).isEmpty();
  }

  @Test
  void readsItemsCsvWithExtraColumnsAsAttributes() throws IOException {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,value,timestamp", "u1,i1,click,1,2024-05-01T12:00:00Z");
    TestFiles.write(dir, "items.csv", "itemId,title,categories,year,brand",
        "i1,\"Socks, wool\",clothing|winter,2020,Acme", "i2,Hat,,,");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new GenericEventReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.items).containsExactly(
        new Item("i1", "Socks, wool", List.of("clothing", "winter"), 2020, Map.of("brand", "Acme")),
        new Item("i2", "Hat", List.of(), Item.UNKNOWN_YEAR, Map.of()));
    assertThat(notes).anyMatch(n -> n.contains("users.jsonl"));
  }

  @Test
  void rejectsAnUnknownOrMissingEventColumnNamingFileAndLine() {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,timestmap", "u1,i1,click,2024-05-01T12:00:00Z");
    assertThatThrownBy(() -> new GenericEventReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.SKIP)))
        .isInstanceOf(BadRowException.class)
        .hasMessageStartingWith(dir.resolve("events.csv") + ":1: header has unknown column 'timestmap'");

    TestFiles.write(dir, "events.csv", "userId,itemId,timestamp", "u1,i1,2024-05-01T12:00:00Z");
    assertThatThrownBy(() -> new GenericEventReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.SKIP)))
        .isInstanceOf(BadRowException.class).hasMessageContaining("header has no type column");
  }

  @Test
  void refusesToGuessBetweenEventsCsvAndEventsJsonl() {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,timestamp", "u1,i1,click,2024-05-01T12:00:00Z");
    TestFiles.write(dir, "events.jsonl", "{}");

    assertThatThrownBy(() -> new GenericEventReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both events.csv and events.jsonl");
  }

  @Test
  void failsNamingTheFileWhenThereAreNoEvents() {
    assertThatThrownBy(() -> new GenericEventReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing required file " + dir.resolve("events.csv"));
    TestFiles.write(dir, "events.jsonl");
    assertThatThrownBy(() -> new GenericEventReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(dir.resolve("events.jsonl") + " is empty (expected one JSON object per line)");
  }
}
