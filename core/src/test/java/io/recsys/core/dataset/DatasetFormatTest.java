package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetFormatTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
      "u.data, MOVIELENS_100K",
      "ratings.dat, MOVIELENS_DAT",
      "ratings.csv, MOVIELENS_CSV",
      "ml-100k.inter, RECBOLE",
      "events.csv, GENERIC",
      "events.jsonl, GENERIC"})
  void detectsEachFormatByItsIdentifyingFile(String file, DatasetFormat expected) throws IOException {
    TestFiles.write(dir, file, "x");
    TestFiles.write(dir, "README.txt", "unrelated");

    assertThat(DatasetFormat.detect(dir)).isEqualTo(expected);
  }

  @Test
  void explainsWhatWasFoundAndWhatIsExpectedWhenNothingMatches() {
    TestFiles.write(dir, "notes.txt", "x");
    TestFiles.write(dir, "ratings.tsv", "x");

    assertThatThrownBy(() -> DatasetFormat.detect(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found notes.txt, ratings.tsv")
        .hasMessageContaining("u.data (movielens-100k)")
        .hasMessageContaining("exactly one *.inter (recbole)")
        .hasMessageContaining("events.csv or events.jsonl (generic)")
        .hasMessageContaining("--format");
  }

  @Test
  void doesNotTakeSeveralInterFilesForRecBole() {
    TestFiles.write(dir, "a.inter", "x");
    TestFiles.write(dir, "b.inter", "x");

    assertThatThrownBy(() -> DatasetFormat.detect(dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found a.inter, b.inter");
  }

  @Test
  void namesEveryCandidateWhenSeveralFormatsMatch() {
    TestFiles.write(dir, "u.data", "x");
    TestFiles.write(dir, "ml.inter", "x");

    assertThatThrownBy(() -> DatasetFormat.detect(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("movielens-100k (u.data)")
        .hasMessageContaining("recbole (ml.inter)")
        .hasMessageContaining("--format movielens-100k|recbole");
  }

  @Test
  void rejectsAPathThatIsNotADirectory() {
    assertThatThrownBy(() -> DatasetFormat.detect(dir.resolve("absent")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
  }

  @ParameterizedTest
  @CsvSource({"movielens-100k, MOVIELENS_100K", "MOVIELENS_DAT, MOVIELENS_DAT", "MovieLens_CSV, MOVIELENS_CSV",
      "recbole, RECBOLE", " generic , GENERIC"})
  void parsesCommandLineAndConstantNames(String name, DatasetFormat expected) {
    assertThat(DatasetFormat.parse(name)).isEqualTo(expected);
  }

  @Test
  void rejectsAnUnknownNameListingTheKnownOnes() {
    assertThatThrownBy(() -> DatasetFormat.parse("movielens"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'movielens'")
        .hasMessageContaining("movielens-100k, movielens-dat, movielens-csv, recbole, generic");
  }

  @Test
  void usesAGivenFormatWithoutLookingAtTheFiles() throws IOException {
    TestFiles.write(dir, "u.data", "x");

    assertThat(DatasetFormat.resolve(dir, DatasetFormat.GENERIC)).isEqualTo(DatasetFormat.GENERIC);
    assertThat(DatasetFormat.resolve(dir, null)).isEqualTo(DatasetFormat.MOVIELENS_100K);
  }
}
