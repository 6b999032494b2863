package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of malformed row, in the formats where it can occur: under FAIL the read stops with the
 * file, line and reason; under SKIP the row is counted by reason and the good rows around it arrive.
 * Each case's interaction file has two good rows and one bad one.
 */
class MalformedRowsTest {
  @TempDir Path dir;

  /** Writes a dataset directory whose interaction file holds {@code rows}; returns that file's name. */
  @FunctionalInterface
  interface Layout {
    String write(Path dir, byte[] rows);
  }

  static final Layout ML_100K = (dir, rows) -> {
    TestFiles.write(dir, "u.item", "1|A (1990)|||" + "|0".repeat(19));
    TestFiles.writeBytes(dir, "u.data", rows);
    return "u.data";
  };
  static final Layout ML_DAT = (dir, rows) -> {
    TestFiles.write(dir, "movies.dat", "1::A (1990)::Drama");
    TestFiles.writeBytes(dir, "ratings.dat", rows);
    return "ratings.dat";
  };
  static final Layout ML_CSV = (dir, rows) -> {
    TestFiles.write(dir, "movies.csv", "movieId,title,genres", "1,A (1990),Drama");
    TestFiles.writeBytes(dir, "ratings.csv", TestFiles.concat(TestFiles.utf8("userId,movieId,rating,timestamp"), rows));
    return "ratings.csv";
  };
  static final Layout RECBOLE = (dir, rows) -> {
    TestFiles.writeBytes(dir, "x.inter",
        TestFiles.concat(TestFiles.utf8("user_id:token\titem_id:token\trating:float\ttimestamp:float"), rows));
    return "x.inter";
  };
  static final Layout EVENTS_CSV = (dir, rows) -> {
    TestFiles.writeBytes(dir, "events.csv", TestFiles.concat(TestFiles.utf8("userId,itemId,type,value,timestamp"), rows));
    return "events.csv";
  };
  static final Layout EVENTS_JSONL = (dir, rows) -> {
    TestFiles.writeBytes(dir, "events.jsonl", rows);
    return "events.jsonl";
  };

  private static final String GOOD_TAB = "1\t1\t4\t881250949";
  private static final String GOOD_DAT = "1::1::4::881250949";
  private static final String GOOD_CSV = "1,1,4,881250949";
  private static final String GOOD_EVENT = "u1,i1,click,1,2024-05-01T12:00:00Z";
  private static final String GOOD_JSON = "{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"click\",\"timestamp\":1714564800}";

  /** Good row, bad row, good row. */
  private static byte[] around(String good, byte[] bad) {
    return TestFiles.concat(TestFiles.utf8(good), bad, TestFiles.utf8(good));
  }

  private static byte[] around(String good, String bad) {
    return around(good, TestFiles.utf8(bad));
  }

  static Stream<Arguments> cases() {
    // layout, rows, line of the bad row (headers count), reason
    return Stream.of(
        Arguments.of(ML_100K, around(GOOD_TAB, "1\t1\t4"), 2, "wrong number of fields"),
        Arguments.of(ML_DAT, around(GOOD_DAT, "1::1::4::881250949::x"), 2, "wrong number of fields"),
        Arguments.of(EVENTS_CSV, around(GOOD_EVENT, "u1,i1,click,2024-05-01T12:00:00Z"), 3, "wrong number of fields"),
        Arguments.of(ML_100K, around(GOOD_TAB, "\t1\t4\t881250949"), 2, "empty user id"),
        Arguments.of(EVENTS_CSV, around(GOOD_EVENT, "u1,,click,1,2024-05-01T12:00:00Z"), 3, "empty item id"),
        Arguments.of(EVENTS_JSONL, around(GOOD_JSON, "{\"itemId\":\"i1\",\"type\":\"click\",\"timestamp\":1}"), 2,
            "missing user id"),
        Arguments.of(ML_DAT, around(GOOD_DAT, "1::1::four::881250949"), 2, "rating is not a number"),
        Arguments.of(RECBOLE, around(GOOD_TAB, "1\t1\t\t881250949"), 3, "rating is not a number"),
        Arguments.of(ML_100K, around(GOOD_TAB, "1\t1\tNaN\t881250949"), 2, "rating is not finite"),
        Arguments.of(ML_CSV, around(GOOD_CSV, "1,1,1e40,881250949"), 3, "rating is not finite"),
        Arguments.of(EVENTS_CSV, around(GOOD_EVENT, "u1,i1,click,Infinity,2024-05-01T12:00:00Z"), 3, "value is not finite"),
        Arguments.of(EVENTS_CSV, around(GOOD_EVENT, "u1,i1,like,1,2024-05-01T12:00:00Z"), 3, "unknown interaction type"),
        Arguments.of(EVENTS_JSONL, around(GOOD_JSON, "{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"click\",\"timestamp\":\"yesterday\"}"),
            2, "timestamp is neither an ISO-8601 instant nor an integer epoch"),
        Arguments.of(ML_100K, around(GOOD_TAB, "1\t1\t4\t881250949.5"), 2, "timestamp is not a whole number of seconds"),
        Arguments.of(ML_CSV, around(GOOD_CSV, "1,1,4,99999999999999999"), 3, "timestamp is out of range"),
        Arguments.of(RECBOLE, around(GOOD_TAB, "1\t1\t4\tsoon"), 3, "timestamp is not a number"),
        Arguments.of(ML_100K, around(GOOD_TAB, TestFiles.lineWithInvalidUtf8("1\t1\t4\t88125094", "")), 2, "invalid UTF-8"),
        Arguments.of(RECBOLE, around(GOOD_TAB, TestFiles.lineWithInvalidUtf8("1\t1", "\t4\t881250949")), 3, "invalid UTF-8"),
        Arguments.of(EVENTS_JSONL, around(GOOD_JSON, TestFiles.lineWithInvalidUtf8("{\"userId\":\"u", "\"}")), 2, "invalid UTF-8"),
        Arguments.of(ML_DAT, around(GOOD_DAT, ""), 2, "empty line"),
        Arguments.of(EVENTS_CSV, around(GOOD_EVENT, ""), 3, "empty line"),
        Arguments.of(EVENTS_JSONL, around(GOOD_JSON, "{\"userId\":"), 2, "invalid JSON"),
        Arguments.of(EVENTS_JSONL, around(GOOD_JSON, "[1,2]"), 2, "not a JSON object"));
  }

  @ParameterizedTest(name = "[{index}] {3} at line {2}")
  @MethodSource("cases")
  void failPolicyStopsWithFileLineAndReason(Layout layout, byte[] rows, long line, String reason) {
    Path file = dir.resolve(layout.write(dir, rows));

    assertThatThrownBy(() -> Datasets.load(dir, null, ErrorPolicy.FAIL))
        .isInstanceOfSatisfying(BadRowException.class, e -> {
          assertThat(e.file()).isEqualTo(file);
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.reason()).startsWith(reason);
          assertThat(e.getMessage()).startsWith(file + ":" + line + ": " + reason);
        });
  }

  @ParameterizedTest(name = "[{index}] {3} at line {2}")
  @MethodSource("cases")
  void skipPolicyCountsTheRowByReasonAndKeepsTheGoodRows(Layout layout, byte[] rows, long line, String reason)
      throws IOException {
    Path file = dir.resolve(layout.write(dir, rows));
    RowErrors errors = new RowErrors(ErrorPolicy.SKIP);

    Dataset dataset = Datasets.load(dir, null, errors);

    assertThat(dataset.size()).isEqualTo(2);
    assertThat(errors.countByReason()).containsExactly(Map.entry(reason, 1L));
    assertThat(errors.firstSeenAt()).containsExactly(Map.entry(reason, file + ":" + line));
  }
}
