package io.recsys.core.dataset;

/**
 * Why one row cannot be read, thrown by row parsing and turned into a {@link RowErrors#report} call
 * (with file and line) by the loop that owns the file. Carries no stack trace: under
 * {@link ErrorPolicy#SKIP} a bad file may raise millions of these, and the trace says nothing the
 * reason does not.
 */
final class RowProblem extends RuntimeException {
  private final String reason;
  private final String detail;

  /**
   * @param reason short and free of row-specific values, so that rows group by it
   * @param detail the offending value or other row-specific detail, may be empty
   */
  RowProblem(String reason, String detail) {
    super(detail.isEmpty() ? reason : reason + ": " + detail, null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  String reason() {
    return reason;
  }

  String detail() {
    return detail;
  }
}
