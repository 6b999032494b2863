package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {
  @TempDir Path dir;

  @Test
  void numbersRecordsByTheLineTheyStartOnAcrossQuotedLineBreaks() throws IOException {
    Path file = TestFiles.write(dir, "t.csv", "a,b", "1,\"two", "lines\"", "2,x", "3,y,extra", "4,z");
    List<String> seen = new ArrayList<>();
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    try (CsvFile csv = CsvFile.open(file)) {
      assertThat(csv.header()).containsExactly("a", "b");
      csv.forEachRow(2, (r, line) -> seen.add(r.get(0) + "@" + line), errors);
    }

    assertThat(seen).containsExactly("1@2", "2@4", "4@6");
    assertThat(errors.firstSeenAt()).containsExactly(Map.entry("wrong number of fields", file + ":5"));
  }

  @Test
  void keepsLineBreaksInsideQuotedValuesAsWrittenInCrlfFiles() throws IOException {
    Path file = TestFiles.writeBytes(dir, "t.csv",
        "a,b\r\n1,\"x\r\ny\"\r\n2,\"p\rq\"\r\n3,z,extra\r\n4,w\r\n".getBytes(StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    try (CsvFile csv = CsvFile.open(file)) {
      assertThat(csv.header()).containsExactly("a", "b");
      csv.forEachRow(2, (r, line) -> seen.add(r.get(1) + "@" + line), errors);
    }

    assertThat(seen).containsExactly("x\r\ny@2", "p\rq@4", "w@6");
    assertThat(errors.firstSeenAt()).containsExactly(Map.entry("wrong number of fields", file + ":5"));
  }

  @Test
  void stopsAtAnUnterminatedQuoteWhateverThePolicy() {
    Path file = TestFiles.write(dir, "t.csv", "a,b", "1,x", "2,\"open", "3,y");

    assertThatThrownBy(() -> {
      try (CsvFile csv = CsvFile.open(file)) {
        csv.header();
        csv.forEachRow(2, (r, line) -> { }, new RowErrors(ErrorPolicy.SKIP));
      }
    }).isInstanceOf(BadRowException.class).hasMessageStartingWith(file + ":3: malformed CSV");
  }
}
