package io.recsys.core.dataset;

import it.unimi.dsi.fastutil.longs.LongArrayFIFOQueue;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A UTF-8 CSV file that starts with a header row, parsed with Commons CSV (quoted fields with commas,
 * doubled quotes, line breaks) in bounded memory. The parser reads from a {@link LineReader}, so
 * invalid bytes are found per line and reported against the record that holds them. Each record's
 * first line is counted here rather than taken from the parser, which counts a lone {@code '\r'} as a
 * line break: a record spans its first line plus one line per line feed inside its values. Empty lines
 * are kept (and reported) rather than silently skipped.
 *
 * <p>A quoting error (an unterminated quote) leaves the parser unable to tell where the next record
 * starts, so it stops the read with a {@link BadRowException} whatever the policy. Not thread-safe.
 */
final class CsvFile implements Closeable {
  /** Receives one well-formed record; throws {@link RowProblem} when a field does not parse. */
  @FunctionalInterface
  interface RowHandler {
    void row(CSVRecord record, long line);
  }

  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

  private final Path file;
  private final LinesAsCharacters source;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  /** First line of the record being read. */
  private long recordLine;
  /** First line of the record after it. */
  private long nextLine = 1;
  private boolean headerRead;

  private CsvFile(Path file, LineReader lines) throws IOException {
    this.file = file;
    this.source = new LinesAsCharacters(lines);
    this.parser = CSVParser.builder().setReader(source).setFormat(FORMAT).get();
    this.records = parser.iterator();
  }

  static CsvFile open(Path file) throws IOException {
    return new CsvFile(file, LineReader.open(file, StandardCharsets.UTF_8));
  }

  Path file() {
    return file;
  }

  /**
   * The header row's column names.
   *
   * @throws IllegalArgumentException naming the file when it is empty
   * @throws BadRowException when the header does not decode
   */
  List<String> header() {
    CSVRecord header = nextRecord();
    if (header == null) throw new IllegalArgumentException(file + " is empty (expected a header row and rows)");
    if (source.malformedWithin(recordLine, nextLine - 1)) {
      throw new BadRowException(file, recordLine, "invalid UTF-8 in the header");
    }
    headerRead = true;
    return header.toList();
  }

  /**
   * Reads the header and checks that it is exactly {@code expected}.
   *
   * @throws BadRowException at the header line when it is not
   */
  void expectHeader(List<String> expected) {
    List<String> header = header();
    if (!header.equals(expected)) {
      throw new BadRowException(file, recordLine, "header is " + String.join(",", header) + ", expected "
          + String.join(",", expected));
    }
  }

  /**
   * Streams the remaining records to {@code handler} when they have exactly {@code expectedFields}
   * fields, reporting the others to {@code errors}.
   *
   * @return the number of records seen, delivered or reported
   * @throws IllegalArgumentException naming the file when it has no records after the header
   */
  long forEachRow(int expectedFields, RowHandler handler, RowErrors errors) {
    long seen = 0;
    CSVRecord record;
    while ((record = nextRecord()) != null) {
      seen++;
      long line = recordLine;
      try {
        if (source.malformedWithin(line, nextLine - 1)) throw new RowProblem("invalid UTF-8", "");
        if (record.size() == 1 && record.get(0).isEmpty()) throw new RowProblem("empty line", "");
        if (record.size() != expectedFields) {
          throw new RowProblem("wrong number of fields", "expected " + expectedFields + ", found " + record.size());
        }
        handler.row(record, line);
      } catch (RowProblem p) {
        errors.report(file, line, p.reason(), p.detail());
      }
    }
    if (seen == 0) {
      throw new IllegalArgumentException(file + (headerRead ? " has a header but no rows" : " is empty"));
    }
    return seen;
  }

  private CSVRecord nextRecord() {
    recordLine = nextLine;
    try {
      if (!records.hasNext()) return null;
      CSVRecord record = records.next();
      nextLine = recordLine + 1 + lineFeedsIn(record);
      return record;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CSVException csv) {
        throw new BadRowException(file, recordLine, "malformed CSV, cannot read on (" + csv.getMessage() + ")");
      }
      throw e;
    }
  }

  private static int lineFeedsIn(CSVRecord record) {
    int count = 0;
    for (int i = 0, n = record.size(); i < n; i++) {
      String value = record.get(i);
      for (int at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) count++;
    }
    return count;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /**
   * Serves the lines of a {@link LineReader} as characters, each followed by its own terminator
   * ({@code "\r\n"} or {@code "\n"}, so a quoted value spanning lines arrives unchanged), and
   * remembers which lines did not decode.
   */
  private static final class LinesAsCharacters extends Reader {
    private final LineReader lines;
    private final LongArrayFIFOQueue malformedLines = new LongArrayFIFOQueue();
    private String line;
    private String terminator;
    private int index;
    private boolean ended;

    LinesAsCharacters(LineReader lines) {
      this.lines = lines;
    }

    /** Whether a line in {@code first..last} did not decode; forgets lines up to {@code last}. */
    boolean malformedWithin(long first, long last) {
      boolean found = false;
      while (!malformedLines.isEmpty() && malformedLines.firstLong() <= last) {
        found |= malformedLines.dequeueLong() >= first;
      }
      return found;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
      int written = 0;
      while (written < length) {
        if (line == null) {
          if (ended || (line = lines.next()) == null) {
            ended = true;
            break;
          }
          if (lines.malformed()) malformedLines.enqueue(lines.lineNumber());
          terminator = lines.endedWithCarriageReturn() ? "\r\n" : "\n";
          index = 0;
        }
        if (index < line.length()) {
          int n = Math.min(length - written, line.length() - index);
          line.getChars(index, index + n, target, offset + written);
          index += n;
          written += n;
        } else {
          target[offset + written++] = terminator.charAt(index - line.length());
          if (++index == line.length() + terminator.length()) line = null;
        }
      }
      return written == 0 && length > 0 ? -1 : written;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }
}
