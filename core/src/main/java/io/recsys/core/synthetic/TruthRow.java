package io.recsys.core.synthetic;

import io.recsys.core.dataset.BadRowException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVRecord;

/**
 * Typed access to one row of a truth CSV file, turning every malformed field into a
 * {@link BadRowException} that names the file, line and column. Not thread-safe.
 */
final class TruthRow {
  private final Path file;
  private final long line;
  private final CSVRecord record;

  TruthRow(Path file, long line, CSVRecord record, int columns) {
    this.file = file;
    this.line = line;
    this.record = record;
    if (record.size() != columns) {
      throw new BadRowException(file, line, record.size() + " fields, expected " + columns);
    }
  }

  int intIn(int column, int min, int max, String name) {
    int v;
    try {
      v = Integer.parseInt(record.get(column).trim());
    } catch (NumberFormatException e) {
      throw new BadRowException(file, line, name + " is not an integer: '" + record.get(column) + "'");
    }
    if (v < min || v > max) {
      throw new BadRowException(file, line, name + " " + v + " is outside " + min + ".." + max);
    }
    return v;
  }

  void expectInt(int column, int expected, String name) {
    intIn(column, expected, expected, name);
  }

  double real(int column, String name) {
    double v;
    try {
      v = Double.parseDouble(record.get(column).trim());
    } catch (NumberFormatException e) {
      throw new BadRowException(file, line, name + " is not a number: '" + record.get(column) + "'");
    }
    if (!Double.isFinite(v)) throw new BadRowException(file, line, name + " is not finite: " + v);
    return v;
  }

  float probability(int column, String name) {
    double v = real(column, name);
    if (v < 0 || v > 1) throw new BadRowException(file, line, name + " " + v + " is outside [0, 1]");
    return (float) v;
  }
}
