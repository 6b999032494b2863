package io.recsys.gateway.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * An experiments file that cannot be used: unreadable, not JSON, or breaking a rule. The message names
 * the file and, for each problem, the line and column (Jackson's token location) and the field path
 * ({@code experiments[1].variants[0].weight}). Immutable.
 */
public final class ExperimentCatalogException extends RuntimeException {
  /**
   * One problem.
   *
   * @param field the field path, or null when the problem is the file as a whole
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param message what is wrong
   */
  public record Problem(String field, int line, int column, String message) {
    @Override
    public String toString() {
      String where = line > 0 ? "line " + line + ", column " + column + ": " : "";
      return where + (field == null ? "" : field + ": ") + message;
    }
  }

  private final String file;
  private final List<Problem> problems;

  public ExperimentCatalogException(String file, List<Problem> problems, Throwable cause) {
    super(message(file, problems), cause);
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /** The file as configured. */
  public String file() {
    return file;
  }

  /** Every problem found, in file order where known. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(String file, List<Problem> problems) {
    List<String> parts = new ArrayList<>(problems.size());
    for (Problem p : problems) parts.add(p.toString());
    return file + (problems.size() == 1 ? ": " : ": " + problems.size() + " problems: ") + String.join("; ", parts);
  }
}
