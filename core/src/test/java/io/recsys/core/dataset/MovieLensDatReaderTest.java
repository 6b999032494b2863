package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensDatReaderTest {
  @TempDir Path dir;

  @Test
  void readsTheOneMillionLayoutWithLatin1MovieTitles() throws IOException {
    TestFiles.write(dir, "ratings.dat", "1::1193::5::978300760", "1::661::3::978302109");
    TestFiles.write(dir, "movies.dat", StandardCharsets.ISO_8859_1,
        "1193::One Flew Over the Cuckoo's Nest (1975)::Drama",
        "661::Misérables, Les (1995)::Drama|Musical");
    TestFiles.write(dir, "users.dat", "1::F::1::10::48067");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new MovieLensDatReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.interactions).containsExactly(
        new Interaction("1", "1193", InteractionType.RATING, 5f, 978300760_000L),
        new Interaction("1", "661", InteractionType.RATING, 3f, 978302109_000L));
    assertThat(sink.item("661")).isEqualTo(
        new Item("661", "Misérables, Les (1995)", List.of("Drama", "Musical"), 1995, Map.of()));
    assertThat(sink.item("1193").year()).isEqualTo(1975);
    assertThat(sink.users).containsExactly(
        new User("1", Map.of("gender", "F", "age", "1", "occupation", "10", "zip_code", "48067")));
    assertThat(notes).anyMatch(n -> n.contains("ISO-8859-1"));
  }

  @Test
  void readsTheTenMillionLayoutWithUtf8TitlesAndNoUsers() throws IOException {
    TestFiles.write(dir, "ratings.dat", "1::122::5::838985046");
    TestFiles.write(dir, "movies.dat",
        "122::Misérables, Les (1995)::Drama|Musical",
        "65130::Revolutionary Road (2008)::(no genres listed)");
    CollectingSink sink = new CollectingSink();

    List<String> notes = new MovieLensDatReader().read(dir, sink, new RowErrors(ErrorPolicy.FAIL));

    assertThat(sink.item("122").title()).isEqualTo("Misérables, Les (1995)");
    assertThat(sink.item("65130").categories()).isEmpty();
    assertThat(sink.users).isEmpty();
    assertThat(notes).noneMatch(n -> n.contains("ISO-8859-1")).anyMatch(n -> n.contains("users.dat"));
  }

  @Test
  void reportsRowsWithTheWrongNumberOfFieldsWithFileAndLine() {
    TestFiles.write(dir, "ratings.dat", "1::122::5::838985046", "1::122::5");
    TestFiles.write(dir, "movies.dat", "122::X (1995)::Drama");

    assertThatThrownBy(() -> new MovieLensDatReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOfSatisfying(BadRowException.class, e -> {
          assertThat(e.file()).isEqualTo(dir.resolve("ratings.dat"));
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.getMessage()).startsWith(dir.resolve("ratings.dat") + ":2: wrong number of fields");
        });
  }

  @Test
  void failsNamingTheFileWhenMoviesDatIsMissing() {
    TestFiles.write(dir, "ratings.dat", "1::122::5::838985046");

    assertThatThrownBy(() -> new MovieLensDatReader().read(dir, new CollectingSink(), new RowErrors(ErrorPolicy.FAIL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(dir.resolve("movies.dat").toString());
  }
}
