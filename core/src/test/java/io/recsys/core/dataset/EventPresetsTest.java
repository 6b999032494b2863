package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each preset on a few lines written by hand in its published layout (never real data). */
class EventPresetsTest {
  @TempDir Path dir;

  private final CollectingSink sink = new CollectingSink();

  private List<String> read(DatasetFormat format, RowErrors errors) throws IOException {
    return format.reader().read(dir, sink, errors);
  }

  private static long iso(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void retailRocketReadsEpochMillisAndItsThreeEventNames() throws IOException {
    TestFiles.write(dir, "events.csv", "timestamp,visitorid,event,itemid,transactionid",
        "1433221332117,257597,view,355908,",
        "1433224214164,992329,addtocart,248676,",
        "1433221955914,992329,transaction,248676,4000");
    TestFiles.write(dir, "category_tree.csv", "categoryid,parentid", "1016,213");

    List<String> notes = read(DatasetFormat.RETAILROCKET, new RowErrors(ErrorPolicy.FAIL));

    assertThat(DatasetFormat.detect(dir)).isEqualTo(DatasetFormat.RETAILROCKET);
    assertThat(sink.interactions).containsExactly(
        new Interaction("257597", "355908", InteractionType.CLICK, 1f, 1433221332117L),
        new Interaction("992329", "248676", InteractionType.CART, 1f, 1433224214164L),
        new Interaction("992329", "248676", InteractionType.PURCHASE, 1f, 1433221955914L));
    assertThat(notes).contains("columns not imported from events.csv: transactionid",
        "types: view->click, addtocart->cart, transaction->purchase");
  }

  @Test
  void retailRocketWithSecondsInsteadOfMillisIsReadAsMillisAsTheUnitSays() throws IOException {
    // The preset names the unit, so a file re-exported in seconds is not silently re-scaled: it lands
    // in January 1970, which the summary's time range shows.
    TestFiles.write(dir, "events.csv", "timestamp,visitorid,event,itemid,transactionid", "1433221332,1,view,2,");

    read(DatasetFormat.RETAILROCKET, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions.get(0).timestampMillis()).isEqualTo(1433221332L);
  }

  @Test
  void retailRocketStopsAtACutOffLastLineWithFileAndLine() {
    TestFiles.writeBytes(dir, "events.csv", ("timestamp,visitorid,event,itemid,transactionid\n"
        + "1433221332117,257597,view,355908,\n1433224214164,992329,addto").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> read(DatasetFormat.RETAILROCKET, new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(BadRowException.class)
        .hasMessage(dir.resolve("events.csv") + ":3: wrong number of fields: expected 5, found 3");
  }

  @Test
  void taobaoIsHeaderlessInSecondsWithCategoriesAndFourBehaviours() throws IOException {
    TestFiles.write(dir, "UserBehavior.csv",
        "1,2268318,2520377,pv,1511544070",
        "1,2333346,2520771,fav,1511561733",
        "1,2333346,2520771,cart,1511572885",
        "100,2268318,2520377,buy,1511680485");

    List<String> notes = read(DatasetFormat.TAOBAO, new RowErrors(ErrorPolicy.FAIL));

    assertThat(DatasetFormat.detect(dir)).isEqualTo(DatasetFormat.TAOBAO);
    assertThat(sink.interactions).containsExactly(
        new Interaction("1", "2268318", InteractionType.CLICK, 1f, 1511544070_000L),
        new Interaction("1", "2333346", InteractionType.FAVOURITE, 1f, 1511561733_000L),
        new Interaction("1", "2333346", InteractionType.CART, 1f, 1511572885_000L),
        new Interaction("100", "2268318", InteractionType.PURCHASE, 1f, 1511680485_000L));
    assertThat(sink.items).containsExactly(
        new Item("2268318", "", List.of("2520377"), Item.UNKNOWN_YEAR, Map.of()),
        new Item("2333346", "", List.of("2520771"), Item.UNKNOWN_YEAR, Map.of()));
    assertThat(notes).contains("types: pv->click, fav->favourite, cart->cart, buy->purchase");
  }

  @Test
  void taobaoSkipsACutOffLastLineAndCountsIt() throws IOException {
    TestFiles.writeBytes(dir, "UserBehavior.csv",
        "1,2268318,2520377,pv,1511544070\n1,2333346,2520771,ca".getBytes(StandardCharsets.UTF_8));
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    read(DatasetFormat.TAOBAO, errors);

    assertThat(sink.interactions).hasSize(1);
    assertThat(errors.countByReason()).containsExactly(Map.entry("wrong number of fields", 1L));
    assertThat(errors.firstSeenAt()).containsEntry("wrong number of fields", dir.resolve("UserBehavior.csv") + ":2");
  }

  @Test
  void taobaoInMillisecondsFailsAtTheFirstRowSinceTheUnitIsSeconds() {
    TestFiles.write(dir, "UserBehavior.csv", "1,2268318,2520377,pv,1511544070.123.4");

    assertThatThrownBy(() -> read(DatasetFormat.TAOBAO, new RowErrors(ErrorPolicy.FAIL)))
        .hasMessage(dir.resolve("UserBehavior.csv") + ":1: timestamp is not a number: '1511544070.123.4'");
  }

  @Test
  void yoochooseReadsClicksAndBuysWithSessionsAsUsers() throws IOException {
    TestFiles.write(dir, "yoochoose-clicks.dat",
        "1,2014-04-07T10:51:09.277Z,214536502,0",
        "1,2014-04-07T10:54:09.868Z,214536500,S",
        "420374,2014-04-06T18:44:58.314Z,214537888,2053601");
    TestFiles.write(dir, "yoochoose-buys.dat", "420374,2014-04-06T18:44:58.325Z,214537888,12462,3",
        "420374,2014-04-06T18:45:01.000Z,214536500,0,0");

    List<String> notes = read(DatasetFormat.YOOCHOOSE, new RowErrors(ErrorPolicy.FAIL));

    assertThat(DatasetFormat.detect(dir)).isEqualTo(DatasetFormat.YOOCHOOSE);
    assertThat(sink.interactions).containsExactly(
        new Interaction("1", "214536502", InteractionType.CLICK, 1f, iso("2014-04-07T10:51:09.277Z")),
        new Interaction("1", "214536500", InteractionType.CLICK, 1f, iso("2014-04-07T10:54:09.868Z")),
        new Interaction("420374", "214537888", InteractionType.CLICK, 1f, iso("2014-04-06T18:44:58.314Z")),
        new Interaction("420374", "214537888", InteractionType.PURCHASE, 3f, iso("2014-04-06T18:44:58.325Z")),
        new Interaction("420374", "214536500", InteractionType.PURCHASE, 0f, iso("2014-04-06T18:45:01.000Z")));
    assertThat(sink.item("214537888")).isEqualTo(
        new Item("214537888", "", List.of("2053601"), Item.UNKNOWN_YEAR, Map.of("price", "12462")));
    assertThat(notes).anyMatch(n -> n.startsWith("users are sessions (column session)"))
        .noneMatch(n -> n.startsWith("columns not imported from yoochoose-buys.dat"));
  }

  @Test
  void yoochooseWithoutBuysSaysSoAndAnEpochTimestampIsNotIso() throws IOException {
    TestFiles.write(dir, "yoochoose-clicks.dat", "1,2014-04-07T10:51:09.277Z,214536502,0");

    List<String> notes = read(DatasetFormat.YOOCHOOSE, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).hasSize(1);
    assertThat(notes).contains("no yoochoose-buys.dat in " + dir + ": buys not read (optional)");

    TestFiles.write(dir, "yoochoose-clicks.dat", "1,1396867869277,214536502,0");
    assertThatThrownBy(() -> read(DatasetFormat.YOOCHOOSE, new RowErrors(ErrorPolicy.FAIL)))
        .hasMessage(dir.resolve("yoochoose-clicks.dat") + ":1: timestamp is not an ISO-8601 instant: '1396867869277'");
  }

  @Test
  void lastFmTakesTheTrackOrElseTheArtistAsItem() throws IOException {
    TestFiles.write(dir, "userid-timestamp-artid-artname-traid-traname.tsv",
        "user_000001\t2009-05-04T23:08:57Z\tf1b1cf71-bd35-4e99-8624-24a6e15f133a\tDeep Dish\t\tFuck Me Im Famous (Pacha Ibiza)-09-28-2007",
        "user_000001\t2009-05-04T13:54:10Z\ta7f7df4a-77d8-4f12-8acd-5c60c93f4de8\t坂本龍一\tf7c1f8f8-b935-45ed-8fc8-7def69d92a10\tThe Last Emperor (Theme)",
        "user_000002\t2009-05-04T13:54:11Z\t\t\"Weird\" Al\t\t");
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    List<String> notes = read(DatasetFormat.LASTFM_1K, errors);

    assertThat(DatasetFormat.detect(dir)).isEqualTo(DatasetFormat.LASTFM_1K);
    assertThat(sink.interactions).containsExactly(
        new Interaction("user_000001", "f1b1cf71-bd35-4e99-8624-24a6e15f133a", InteractionType.CLICK, 1f,
            iso("2009-05-04T23:08:57Z")),
        new Interaction("user_000001", "f7c1f8f8-b935-45ed-8fc8-7def69d92a10", InteractionType.CLICK, 1f,
            iso("2009-05-04T13:54:10Z")));
    assertThat(sink.items).containsExactly(
        new Item("f1b1cf71-bd35-4e99-8624-24a6e15f133a", "Fuck Me Im Famous (Pacha Ibiza)-09-28-2007",
            List.of("Deep Dish"), Item.UNKNOWN_YEAR, Map.of()),
        new Item("f7c1f8f8-b935-45ed-8fc8-7def69d92a10", "The Last Emperor (Theme)", List.of("坂本龍一"),
            Item.UNKNOWN_YEAR, Map.of()));
    assertThat(errors.countByReason()).containsExactly(Map.entry("empty item id", 1L));
    assertThat(notes).contains("read " + dir.resolve("userid-timestamp-artid-artname-traid-traname.tsv")
        + ": tab-separated, no header (columns user,timestamp,artid,artname,traid,traname), timestamps ISO-8601,"
        + " every row a click");
  }

  @Test
  void amazonRatingsAreHeaderlessItemFirstInSecondsAndNeverDetected() throws IOException {
    TestFiles.write(dir, "ratings_Books.csv", "0001713353,A1C6M8LCIX4M6M,5.0,1123804800",
        "0001713353,A1REUF3A1YCPHM,4.0,1112140800");

    read(DatasetFormat.AMAZON_RATINGS, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("A1C6M8LCIX4M6M", "0001713353", InteractionType.RATING, 5f, 1123804800_000L),
        new Interaction("A1REUF3A1YCPHM", "0001713353", InteractionType.RATING, 4f, 1112140800_000L));
    assertThatThrownBy(() -> DatasetFormat.detect(dir))
        .hasMessageContaining("found ratings_Books.csv")
        .hasMessageContaining("headerless files other than the named ones (amazon-ratings, your own) cannot be detected")
        .hasMessageContaining("--format amazon-ratings");
  }

  @Test
  void amazonRatingWithAMissingFieldIsReportedWithFileAndLine() {
    TestFiles.write(dir, "Books.csv", "0001713353,A1C6M8LCIX4M6M,5.0,1123804800", "0001713353,A1REUF3A1YCPHM,4.0");

    assertThatThrownBy(() -> read(DatasetFormat.AMAZON_RATINGS, new RowErrors(ErrorPolicy.FAIL)))
        .hasMessage(dir.resolve("Books.csv") + ":2: wrong number of fields: expected 4, found 3");
  }

  @Test
  void aGenericEventsCsvIsStillGeneric() throws IOException {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,timestamp", "u,i,click,1");

    assertThat(DatasetFormat.detect(dir)).isEqualTo(DatasetFormat.GENERIC);
  }

  @Test
  void presetsParseByName() {
    assertThat(DatasetFormat.parse("lastfm-1k")).isEqualTo(DatasetFormat.LASTFM_1K);
    assertThat(DatasetFormat.parse("Amazon_Ratings")).isEqualTo(DatasetFormat.AMAZON_RATINGS);
    assertThat(DatasetFormat.RETAILROCKET.isPreset()).isTrue();
    assertThat(DatasetFormat.GENERIC.isPreset()).isFalse();
  }
}
