package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static final Path FILE = Path.of("test.txt");

  private static List<String> lines(byte[] content, Charset charset) throws IOException {
    List<String> out = new ArrayList<>();
    try (LineReader r = LineReader.of(FILE, content, charset)) {
      String line;
      while ((line = r.next()) != null) {
        out.add(line + (r.malformed() ? " [malformed]" : "") + " @" + r.lineNumber());
      }
    }
    return out;
  }

  @Test
  void splitsOnNewlinesDroppingCarriageReturnsAndTheByteOrderMark() throws IOException {
    byte[] content = TestFiles.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "a,b\r\n\r\nlast without newline".getBytes(StandardCharsets.UTF_8));

    assertThat(lines(content, StandardCharsets.UTF_8)).containsExactly("a,b @1", " @2", "last without newline @3");
  }

  @Test
  void marksOnlyTheLineWithAnInvalidByteAndReadsOn() throws IOException {
    byte[] content = TestFiles.concat(TestFiles.utf8("café"), TestFiles.lineWithInvalidUtf8("x", "y"), TestFiles.utf8("ok"));

    assertThat(lines(content, StandardCharsets.UTF_8)).containsExactly("café @1", "x\uFFFDy [malformed] @2", "ok @3");
  }

  @Test
  void decodesLatin1ByteForByte() throws IOException {
    byte[] content = "Misérables\u00FF\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(lines(content, StandardCharsets.ISO_8859_1)).containsExactly("Misérables\u00FF @1");
  }

  @Test
  void readsLinesLongerThanItsBuffer() throws IOException {
    String longLine = "é".repeat(100_000);
    byte[] content = TestFiles.utf8("short", longLine, "after");

    assertThat(lines(content, StandardCharsets.UTF_8))
        .containsExactly("short @1", longLine + " @2", "after @3");
  }

  @Test
  void refusesALineBeyondTheLimitNamingFileAndLine() {
    byte[] content = new byte[LineReader.MAX_LINE_BYTES + 10];
    Arrays.fill(content, (byte) 'x');

    assertThatThrownBy(() -> lines(TestFiles.concat(TestFiles.utf8("first"), content), StandardCharsets.UTF_8))
        .isInstanceOf(BadRowException.class).hasMessageStartingWith("test.txt:2: line is longer than");
  }
}
