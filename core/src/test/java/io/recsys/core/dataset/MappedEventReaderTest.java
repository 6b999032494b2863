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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappedEventReaderTest {
  @TempDir Path dir;

  private static final long T = Instant.parse("2017-11-25T00:00:00Z").toEpochMilli();
  private static final List<String> TAOBAO_COLUMNS = List.of("user", "item", "category", "type", "timestamp");

  private CollectingSink sink = new CollectingSink();

  private List<String> read(Path typesFile, List<String> map, List<String> columns, String delimiter, String unit,
      RowErrors errors) throws IOException {
    EventMapping mapping = EventMappings.of(null, null, map, columns, delimiter, unit);
    EventTypeRegistry types = EventTypeRegistry.configured(mapping.types(EventTypeRegistry.defaults()), typesFile, Map.of());
    return new MappedEventReader(mapping, types, null).read(dir, sink, errors);
  }

  private List<String> read(List<String> map, List<String> columns) throws IOException {
    return read(null, map, columns, null, null, new RowErrors(ErrorPolicy.FAIL));
  }

  @Test
  void readsTheIssuesRenamedColumnsThroughMapAndAnAliasFile() throws IOException {
    TestFiles.write(dir, "log.csv", "user_id,item_id,category_id,behavior_type,ts",
        "1,2268318,2520377,pv," + T / 1000,
        "1,2333346,2520771,cart," + (T / 1000 + 60));
    Path types = TestFiles.write(dir, "types.properties", "pv = click");

    List<String> notes = read(types, List.of("userId=user_id", "itemId=item_id", "type=behavior_type", "timestamp=ts",
        "category=category_id"), null, null, null, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("1", "2268318", InteractionType.CLICK, 1f, T),
        new Interaction("1", "2333346", InteractionType.CART, 1f, T + 60_000));
    assertThat(sink.items).containsExactly(
        new Item("2268318", "", List.of("2520377"), Item.UNKNOWN_YEAR, Map.of()),
        new Item("2333346", "", List.of("2520771"), Item.UNKNOWN_YEAR, Map.of()));
    assertThat(notes).contains("types: pv->click, cart->cart", "item rows collected from event rows (category): 2");
  }

  @Test
  void unmappedColumnsDefaultToTheGenericNamesAndTheRestAreListedAsNotImported() throws IOException {
    TestFiles.write(dir, "events.csv", "userId,itemId,action,timestamp,shop",
        "u1,i1,click,2024-05-01T12:00:00Z,s1");

    List<String> notes = read(List.of("type=action"), null);

    assertThat(sink.interactions).containsExactly(
        new Interaction("u1", "i1", InteractionType.CLICK, 1f, Instant.parse("2024-05-01T12:00:00Z").toEpochMilli()));
    assertThat(notes).contains("columns not imported from events.csv: shop");
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "#", value = {"'\t'#tab", "'::'#::", "';'#semicolon", "'|'#pipe", "','#comma"})
  void detectsTheDelimiterOfAHeaderlessFileFromTheColumnCount(String delimiter, String name) throws IOException {
    TestFiles.write(dir, "log.dat", String.join(delimiter, "7", "42", "c9", "buy", "1511539200"));
    Path types = TestFiles.write(dir, "t", "buy = purchase");

    List<String> notes = read(types, null, TAOBAO_COLUMNS, null, null, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(new Interaction("7", "42", InteractionType.PURCHASE, 1f, 1511539200_000L));
    assertThat(notes).anyMatch(n -> n.contains(": " + name + "-separated, no header"));
  }

  @Test
  void refusesALineOneThatFitsNoDelimiterAndSaysWhatEachGave() {
    TestFiles.write(dir, "log.csv", "1,2,3");

    assertThatThrownBy(() -> read(null, TAOBAO_COLUMNS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot tell the delimiter of " + dir.resolve("log.csv"))
        .hasMessageContaining("comma gives 3")
        .hasMessageContaining("the columns given are 5")
        .hasMessageContaining("--delimiter");
  }

  @ParameterizedTest
  @CsvSource({"s, 1511539200, 1511539200000", "s, 1511539200.5, 1511539200500", "ms, 1511539200123, 1511539200123",
      "ms, 86400000, 86400000", "auto, 86400000, 86400000000", "auto, 1511539200123, 1511539200123",
      "iso, 2017-11-24T16:00:00.123Z, 1511539200123", "iso, 2017-11-24T17:00:00+01:00, 1511539200000",
      "auto, 2017-11-24T16:00:00Z, 1511539200000"})
  void readsTimestampsInTheGivenUnit(String unit, String text, long millis) throws IOException {
    TestFiles.write(dir, "log.csv", "u,i,click," + text);

    read(null, null, List.of("user", "item", "type", "timestamp"), null, unit, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).extracting(Interaction::timestampMillis).containsExactly(millis);
  }

  @Test
  void reportsATimestampNotInTheUnitWithFileAndLine() {
    TestFiles.write(dir, "log.csv", "u,i,click,1511539200", "u,i,click,2017-11-24");

    assertThatThrownBy(() -> read(null, null, List.of("user", "item", "type", "timestamp"), null, "s",
        new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(BadRowException.class)
        .hasMessage(dir.resolve("log.csv") + ":2: timestamp is not a whole number of seconds: '2017-11-24'");
    sink = new CollectingSink();
    assertThatThrownBy(() -> read(null, null, List.of("user", "item", "type", "timestamp"), null, "iso",
        new RowErrors(ErrorPolicy.FAIL)))
        .hasMessage(dir.resolve("log.csv") + ":1: timestamp is not an ISO-8601 instant: '1511539200'");
  }

  @Test
  void anUnknownTypeFailsNamingTheAcceptedNames() {
    TestFiles.write(dir, "log.csv", "1,2,3,pv,1511539200");

    assertThatThrownBy(() -> read(null, TAOBAO_COLUMNS))
        .isInstanceOf(BadRowException.class)
        .hasMessage(dir.resolve("log.csv") + ":1: unknown interaction type 'pv': accepted: impression, click, favourite,"
            + " favorite, cart, add-to-cart, add_to_cart, purchase, rating; add it with --types FILE or RECSYS_TYPES_FILE");
  }

  @Test
  void skippedUnknownTypesAreCountedPerNameWithTheirFirstLine() throws IOException {
    TestFiles.write(dir, "log.csv", "1,2,3,pv,1511539200", "1,2,3,cart,1511539200", "1,2,3,fav,1511539200",
        "1,2,3,pv,1511539200", "1,2,3,pv,1511539200");
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    List<String> notes = read(null, null, TAOBAO_COLUMNS, null, null, errors);

    assertThat(sink.interactions).hasSize(1);
    assertThat(errors.countByReason()).containsExactly(
        Map.entry("unknown interaction type 'pv'", 3L), Map.entry("unknown interaction type 'fav'", 1L));
    Path log = dir.resolve("log.csv");
    assertThat(errors.firstSeenAt()).containsEntry("unknown interaction type 'pv'", log + ":1")
        .containsEntry("unknown interaction type 'fav'", log + ":3");
    assertThat(notes).anyMatch(n -> n.startsWith("accepted type names: impression, click,"));
  }

  @Test
  void groupsUnknownTypesBeyondTheListedNumberTogether() throws IOException {
    String[] lines = new String[MappedEventReader.LISTED_UNKNOWN_TYPES + 3];
    for (int i = 0; i < lines.length; i++) lines[i] = "1,2,3,t" + i + ",1511539200";
    TestFiles.write(dir, "log.csv", lines);
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    read(null, null, TAOBAO_COLUMNS, null, null, errors);

    assertThat(errors.countByReason()).hasSize(MappedEventReader.LISTED_UNKNOWN_TYPES + 1)
        .containsEntry("unknown interaction type (more than 20 distinct names)", 3L);
    assertThat(errors.skipped()).isEqualTo(lines.length);
  }

  @Test
  void aMappedColumnTheHeaderLacksStopsAtLineOne() {
    TestFiles.write(dir, "events.csv", "user_id,item_id,type,time", "u,i,click,1");

    assertThatThrownBy(() -> read(List.of("timestamp=ts"), null))
        .isInstanceOf(BadRowException.class)
        .hasMessage(dir.resolve("events.csv") + ":1: no column 'ts' for timestamp (mapped timestamp=ts); the header is"
            + " user_id,item_id,type,time");
  }

  @Test
  void aRequiredFieldWithNoColumnSaysHowToMapIt() {
    TestFiles.write(dir, "events.csv", "visitor,item,type,timestamp", "u,i,click,1");

    assertThatThrownBy(() -> read(List.of("itemId=item"), null))
        .isInstanceOf(BadRowException.class)
        .hasMessage(dir.resolve("events.csv") + ":1: no column for userId: the header is visitor,item,type,timestamp;"
            + " map one with --map userId=COLUMN, or name the columns of a headerless file with --columns");
  }

  @Test
  void anUnknownMapFieldIsRefusedNamingTheFields() {
    assertThatThrownBy(() -> EventMappings.of(null, null, List.of("visitor=v"), null, null, null))
        .hasMessageStartingWith("--map: unknown field 'visitor' (expected one of userId, itemId, type");
  }

  @Test
  void collectsCategoriesPriceAndTitleFromEventRowsAndTakesTheFirstNonEmptyAlternative() throws IOException {
    TestFiles.write(dir, "events.csv", "user,track,artist,title,artist_name,price,cat,type,timestamp",
        "u1,t1,a1,Song,Band,1.5,rock,click,1",
        "u1,,a1,,Band,,pop,click,2",
        "u2,t1,a1,Song,Band,2.0,pop,click,3");

    read(List.of("itemId=track|artist", "title=title|artist_name", "price=price", "category=cat"), null);

    assertThat(sink.interactions).extracting(Interaction::itemId).containsExactly("t1", "a1", "t1");
    assertThat(sink.items).containsExactly(
        new Item("t1", "Song", List.of("rock", "pop"), Item.UNKNOWN_YEAR, Map.of("price", "1.5")),
        new Item("a1", "Band", List.of("pop"), Item.UNKNOWN_YEAR, Map.of()));
  }

  @Test
  void aPriceThatIsNotANumberMakesItsRowMalformedAndNothingOfItIsDelivered() throws IOException {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,timestamp,price", "u,i,click,1,free", "u,j,click,1,2");
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    read(null, null, null, null, null, errors);

    assertThat(sink.interactions).extracting(Interaction::itemId).containsExactly("j");
    assertThat(sink.items).extracting(Item::itemId).containsExactly("j");
    assertThat(errors.countByReason()).containsExactly(Map.entry("price is not a number", 1L));
  }

  @Test
  void usesSessionsAsUsersWhenThereIsNoUserColumnAndSaysSo() throws IOException {
    TestFiles.write(dir, "events.csv", "session,itemId,type,timestamp", "s1,i1,click,1");

    List<String> notes = read(List.of(), null);

    assertThat(sink.interactions).extracting(Interaction::userId).containsExactly("s1");
    assertThat(notes).contains("users are sessions (column session): a returning visitor is a new user in every session");
  }

  @Test
  void keepsSessionIdsBesideAUserColumnWhereTheSinkKeepsThem() throws IOException {
    TestFiles.write(dir, "events.csv", "visitor,visit,itemId,type,timestamp", "u1,s1,i1,click,1", "u1,,i2,click,2",
        "u1,s2,i1,cart,3");

    List<String> notes = read(List.of("userId=visitor", "session=visit"), null);

    assertThat(sink.interactions).extracting(Interaction::userId).containsOnly("u1");
    assertThat(sink.interactions).extracting(Interaction::sessionId).containsExactly("s1", "", "s2");
    assertThat(notes).anyMatch(n -> n.startsWith("session column visit read but not kept here"));

    sink = new CollectingSink() {
      @Override
      public boolean sessions() {
        return true;
      }
    };
    notes = read(List.of("userId=visitor", "session=visit"), null);
    assertThat(notes).contains("session ids kept (column visit, canonical column sessionId); users come from visitor");
  }

  @Test
  void aRowValueWinsOverTheTypeWeight() throws IOException {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,timestamp,value", "u,i,fav,1,", "u,i,fav,1,5");
    Path types = TestFiles.write(dir, "t", "fav = click, weight=2");

    read(types, null, null, null, null, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).extracting(Interaction::value).containsExactly(2f, 5f);
  }

  @Test
  void refusesSeveralCandidateFilesAndAnEmptyDirectoryNamingWhatWasFound() {
    TestFiles.write(dir, "a.csv", "x");
    TestFiles.write(dir, "b.csv", "x");

    assertThatThrownBy(() -> read(List.of("type=t"), null))
        .hasMessage("several files in " + dir + " match *.csv: a.csv, b.csv; pass the one to read as --data FILE");
  }
}
