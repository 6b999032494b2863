package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensCsvReaderTest {
  @TempDir Path dir;

  private void writeMovies() {
    TestFiles.write(dir, "movies.csv", "movieId,title,genres",
        "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy",
        "11,\"American President, The (1995)\",Comedy|Drama|Romance",
        "12,\"Dracula: Dead and Loving It (\"\"Spoof\"\") (1995)\",Comedy|Horror",
        "209163,Bad Poems (2018),(no genres listed)",
        "171749,Death of a Nation (2018) ,Documentary",
        "149334,Nocturnal Animals,Drama");
  }

  @Test
  void readsQuotedTitlesWithCommasAndGenres() throws IOException {
    writeMovies();
    TestFiles.write(dir, "ratings.csv", "userId,movieId,rating,timestamp", "1,11,3.5,1112486027", "2,1,0.5,1112484676");
    CollectingSink sink = new CollectingSink();

    new MovieLensCsvReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("1", "11", InteractionType.RATING, 3.5f, 1112486027_000L),
        new Interaction("2", "1", InteractionType.RATING, 0.5f, 1112484676_000L));
    assertThat(sink.item("11")).isEqualTo(new Item("11", "American President, The (1995)",
        List.of("Comedy", "Drama", "Romance"), 1995, Map.of()));
    assertThat(sink.item("12").title()).isEqualTo("Dracula: Dead and Loving It (\"Spoof\") (1995)");
    assertThat(sink.item("209163").categories()).isEmpty();
    assertThat(sink.item("171749").year()).as("trailing space after the year").isEqualTo(2018);
    assertThat(sink.item("149334").hasYear()).isFalse();
  }

  @Test
  void rejectsAWrongHeaderNamingFileAndLine() {
    writeMovies();
    TestFiles.write(dir, "ratings.csv", "user,movie,rating,timestamp", "1,11,3.5,1112486027");

    assertThatThrownBy(() -> new MovieLensCsvReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.SKIP)))
        .isInstanceOf(BadRowException.class)
        .hasMessageStartingWith(dir.resolve("ratings.csv") + ":1: header is user,movie,rating,timestamp")
        .hasMessageContaining("expected userId,movieId,rating,timestamp");
  }

  @Test
  void reportsInvalidUtf8WithItsLineAndReadsOnUnderSkip() throws IOException {
    writeMovies();
    TestFiles.writeBytes(dir, "ratings.csv", TestFiles.concat(
        TestFiles.utf8("userId,movieId,rating,timestamp", "1,11,3.5,1112486027"),
        TestFiles.lineWithInvalidUtf8("2,1", ",4,1112484676"),
        TestFiles.utf8("3,1,5,1112484677")));
    RowErrors skip = new RowErrors(ErrorPolicy.SKIP);
    CollectingSink sink = new CollectingSink();

    new MovieLensCsvReader().read(dir, sink, skip);

    assertThat(sink.interactions).extracting(Interaction::userId).containsExactly("1", "3");
    assertThat(skip.countByReason()).containsExactly(Map.entry("invalid UTF-8", 1L));
    assertThat(skip.firstSeenAt()).containsEntry("invalid UTF-8", dir.resolve("ratings.csv") + ":3");
    assertThatThrownBy(() -> new MovieLensCsvReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .hasMessage(dir.resolve("ratings.csv") + ":3: invalid UTF-8");
  }

  @Test
  void failsNamingTheFileWhenRatingsHaveOnlyAHeader() {
    writeMovies();
    TestFiles.write(dir, "ratings.csv", "userId,movieId,rating,timestamp");

    assertThatThrownBy(() -> new MovieLensCsvReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir.resolve("ratings.csv") + " has a header but no rows");
  }
}
