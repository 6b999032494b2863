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

class MovieLens100kReaderTest {
  @TempDir Path dir;

  private static String flags(int... set) {
    StringBuilder s = new StringBuilder();
    for (int g = 0; g < 19; g++) {
      boolean on = false;
      for (int i : set) on |= i == g;
      s.append('|').append(on ? '1' : '0');
    }
    return s.toString();
  }

  private void writeRatings() {
    TestFiles.write(dir, "u.data", "196\t242\t3\t881250949", "186\t302\t4.5\t891717742");
  }

  @Test
  void readsRatingsItemsAndUsersWithLatin1Titles() throws IOException {
    writeRatings();
    TestFiles.write(dir, "u.item", StandardCharsets.ISO_8859_1,
        "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)" + flags(3, 4, 5),
        "543|Misérables, Les (1995)|||" + flags(8, 12),
        "267|unknown|||" + flags(0));
    TestFiles.write(dir, "u.user", "196|49|M|writer|55105");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new MovieLens100kReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("196", "242", InteractionType.RATING, 3f, Instant.parse("1997-12-04T15:55:49Z").toEpochMilli()),
        new Interaction("186", "302", InteractionType.RATING, 4.5f, 891717742_000L));
    Item toyStory = sink.item("1");
    assertThat(toyStory.title()).isEqualTo("Toy Story (1995)");
    assertThat(toyStory.year()).isEqualTo(1995);
    assertThat(toyStory.categories()).containsExactly("Animation", "Children's", "Comedy");
    assertThat(toyStory.attributes()).containsEntry("release_date", "01-Jan-1995")
        .containsEntry("imdb_url", "http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)")
        .doesNotContainKey("video_release_date");
    Item miserables = sink.item("543");
    assertThat(miserables.title()).isEqualTo("Misérables, Les (1995)");
    assertThat(miserables.year()).as("year from the title when the date is empty").isEqualTo(1995);
    assertThat(miserables.categories()).containsExactly("Drama", "Musical");
    assertThat(sink.item("267").hasYear()).isFalse();
    assertThat(sink.users).containsExactly(
        new User("196", Map.of("age", "49", "gender", "M", "occupation", "writer", "zip_code", "55105")));
    assertThat(notes).anyMatch(n -> n.contains("u.genre") && n.contains("standard"));
  }

  @Test
  void takesGenreNamesFromUGenreIgnoringItsTrailingBlankLines() throws IOException {
    writeRatings();
    TestFiles.write(dir, "u.genre", "none|0", "Space Opera|1", "Noir|2", "", "");
    TestFiles.write(dir, "u.item", StandardCharsets.ISO_8859_1, "7|Alien (1979)|01-Jan-1979|||0|1|1");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new MovieLens100kReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.item("7").categories()).containsExactly("Space Opera", "Noir");
    assertThat(notes).noneMatch(n -> n.contains("u.genre")).anyMatch(n -> n.contains("u.user"));
  }

  @Test
  void rejectsAGenreDictionaryWithAGap() {
    writeRatings();
    TestFiles.write(dir, "u.genre", "a|0", "b|2");
    TestFiles.write(dir, "u.item", "1|X (1990)||||0|0|0");

    assertThatThrownBy(() -> new MovieLens100kReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.SKIP)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u.genre").hasMessageContaining("[0, 2]");
  }

  @Test
  void reportsBadGenreFlagsAndReleaseDatesAsMalformedRows() throws IOException {
    writeRatings();
    TestFiles.write(dir, "u.item", StandardCharsets.ISO_8859_1,
        "1|A (1995)|01-Jan-1995||" + flags(1),
        "2|B (1995)|01-Jan-1995||" + flags(1).replaceFirst("1", "2"),
        "3|C (1995)|1995-01-01||" + flags(1));
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);
    CollectingSink sink = new CollectingSink();

    new MovieLens100kReader().read(dir, sink, errors);

    assertThat(sink.items).extracting(Item::itemId).containsExactly("1");
    assertThat(errors.countByReason()).containsOnly(
        Map.entry("genre flag is not 0 or 1", 1L), Map.entry("release date is not dd-MMM-yyyy", 1L));
    assertThat(errors.firstSeenAt().get("release date is not dd-MMM-yyyy")).isEqualTo(dir.resolve("u.item") + ":3");
  }

  @Test
  void failsNamingTheFileWhenUItemIsMissing() {
    writeRatings();

    assertThatThrownBy(() -> new MovieLens100kReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(dir.resolve("u.item").toString());
  }

  @Test
  void failsNamingTheFileWhenUDataIsEmpty() {
    TestFiles.write(dir, "u.data");
    TestFiles.write(dir, "u.item", "1|X (1990)|||" + flags(1));

    assertThatThrownBy(() -> new MovieLens100kReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(dir.resolve("u.data") + " is empty");
  }
}
