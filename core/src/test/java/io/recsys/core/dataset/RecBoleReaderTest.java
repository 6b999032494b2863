package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecBoleReaderTest {
  @TempDir Path dir;

  @Test
  void readsRatingsItemsWithTokenSequencesAndUsers() throws IOException {
    TestFiles.write(dir, "ml.inter", "user_id:token\titem_id:token\trating:float\ttimestamp:float",
        "196\t242\t3\t881250949", "186\t302\t4.5\t891717742.25");
    TestFiles.write(dir, "ml.item", "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\tscore:float",
        "1\tToy  Story\t1995\tAnimation Children's Comedy\t0.5",
        "267\tunkonwn\tunkonwn\t\t");
    TestFiles.write(dir, "ml.user", "user_id:token\tage:token\tgender:token\toccupation:token\tzip_code:token",
        "1\t24\tM\ttechnician\t85711");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new RecBoleReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("196", "242", InteractionType.RATING, 3f, 881250949_000L),
        new Interaction("186", "302", InteractionType.RATING, 4.5f, 891717742_250L));
    assertThat(sink.item("1")).isEqualTo(new Item("1", "Toy Story",
        List.of("Animation", "Children's", "Comedy"), 1995, Map.of("score", "0.5")));
    assertThat(sink.item("267")).isEqualTo(
        new Item("267", "unkonwn", List.of(), Item.UNKNOWN_YEAR, Map.of("release_year", "unkonwn")));
    assertThat(sink.users).containsExactly(
        new User("1", Map.of("age", "24", "gender", "M", "occupation", "technician", "zip_code", "85711")));
    assertThat(notes).singleElement().asString().contains("1 item(s)").contains("release_year");
  }

  @Test
  void usesTheRowNumberAsTimeWhenThereIsNoTimestampAndSaysSo() throws IOException {
    TestFiles.write(dir, "clicks.inter", "user_id:token\titem_id:token\tlabel:float",
        "u1\ti1\t1", "u1\ti2\t0", "u2\ti1\t1");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new RecBoleReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("u1", "i1", InteractionType.CLICK, 1f, 1_000L),
        new Interaction("u1", "i2", InteractionType.CLICK, 0f, 2_000L),
        new Interaction("u2", "i1", InteractionType.CLICK, 1f, 3_000L));
    assertThat(notes).anyMatch(n -> n.contains("no timestamp field") && n.contains("row number"));
  }

  @Test
  void readsClicksOfValueOneWithoutRatingOrLabelAndNotesIgnoredFields() throws IOException {
    TestFiles.write(dir, "s.inter", "session_id:token\tuser_id:token\titem_id:token\ttimestamp:float",
        "s1\tu1\ti1\t10");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new RecBoleReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(new Interaction("u1", "i1", InteractionType.CLICK, 1f, 10_000L));
    assertThat(notes).anyMatch(n -> n.contains("[session_id]") && n.contains("not imported"));
  }

  @Test
  void rejectsAHeaderWithoutUserIdOrWithAnUnknownType() {
    TestFiles.write(dir, "a.inter", "uid:token\titem_id:token", "u\ti");
    assertThatThrownBy(() -> new RecBoleReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.SKIP)))
        .isInstanceOf(BadRowException.class).hasMessageStartingWith(dir.resolve("a.inter") + ":1: header has no user_id");

    TestFiles.write(dir, "a.inter", "user_id:token\titem_id:string", "u\ti");
    assertThatThrownBy(() -> new RecBoleReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.SKIP)))
        .isInstanceOf(BadRowException.class).hasMessageContaining("'item_id:string' is not name:type");
  }

  @Test
  void requiresExactlyOneInterFile() {
    assertThatThrownBy(() -> new RecBoleReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found none");
    TestFiles.write(dir, "a.inter", "user_id:token\titem_id:token", "u\ti");
    TestFiles.write(dir, "b.inter", "user_id:token\titem_id:token", "u\ti");
    assertThatThrownBy(() -> new RecBoleReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a.inter, b.inter]");
  }
}
