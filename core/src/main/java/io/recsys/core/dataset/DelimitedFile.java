package io.recsys.core.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A text file with one row per line and fields separated by a fixed delimiter ({@code "\t"},
 * {@code "|"}, {@code "::"}): MovieLens {@code u.data}/{@code *.dat}, RecBole atomic files. Owns the
 * per-row loop every such reader needs, so it is written once: invalid bytes, empty lines and a wrong
 * number of fields are reported here, and a {@link RowProblem} thrown by the row handler becomes a
 * {@link RowErrors} report with file and line.
 *
 * <p>Not thread-safe. The fields array handed to the handler is reused for the next row.
 */
final class DelimitedFile implements Closeable {
  /** Receives one well-formed row; throws {@link RowProblem} when a field does not parse. */
  @FunctionalInterface
  interface RowHandler {
    void row(String[] fields, long line);
  }

  private final LineReader lines;
  private final String delimiter;
  private String[] fields = new String[8];
  private boolean headerRead;

  private DelimitedFile(LineReader lines, String delimiter) {
    if (delimiter.isEmpty()) throw new IllegalArgumentException("delimiter is empty");
    this.lines = lines;
    this.delimiter = delimiter;
  }

  static DelimitedFile open(Path file, Charset charset, String delimiter) throws IOException {
    return new DelimitedFile(LineReader.open(file, charset), delimiter);
  }

  static DelimitedFile of(LineReader lines, String delimiter) {
    return new DelimitedFile(lines, delimiter);
  }

  Path file() {
    return lines.file();
  }

  /**
   * The first line split into fields, for files that start with a header.
   *
   * @throws IllegalArgumentException naming the file when it is empty
   * @throws BadRowException when the header line does not decode
   */
  String[] header() throws IOException {
    String line = lines.next();
    if (line == null) throw new IllegalArgumentException(file() + " is empty (expected a header line and rows)");
    if (lines.malformed()) throw new BadRowException(file(), 1, "invalid UTF-8 in the header");
    headerRead = true;
    return Arrays.copyOf(fields, split(line));
  }

  /**
   * Streams the remaining lines to {@code handler} as rows of exactly {@code expectedFields} fields,
   * reporting the others to {@code errors}.
   *
   * @return the number of rows seen, delivered or reported
   * @throws IllegalArgumentException naming the file when it has no rows at all
   */
  long forEachRow(int expectedFields, RowHandler handler, RowErrors errors) throws IOException {
    long seen = 0;
    String line;
    while ((line = lines.next()) != null) {
      seen++;
      long lineNumber = lines.lineNumber();
      try {
        if (lines.malformed()) throw new RowProblem("invalid UTF-8", "");
        if (line.isEmpty()) throw new RowProblem("empty line", "");
        int count = split(line);
        if (count != expectedFields) {
          throw new RowProblem("wrong number of fields", "expected " + expectedFields + ", found " + count);
        }
        handler.row(fields, lineNumber);
      } catch (RowProblem p) {
        errors.report(file(), lineNumber, p.reason(), p.detail());
      }
    }
    if (seen == 0) {
      throw new IllegalArgumentException(file() + (headerRead ? " has a header but no rows" : " is empty"));
    }
    return seen;
  }

  private int split(String line) {
    int count = 0;
    int start = 0;
    while (true) {
      if (count == fields.length) fields = Arrays.copyOf(fields, 2 * count);
      int end = line.indexOf(delimiter, start);
      if (end < 0) {
        fields[count++] = line.substring(start);
        return count;
      }
      fields[count++] = line.substring(start, end);
      start = end + delimiter.length();
    }
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
