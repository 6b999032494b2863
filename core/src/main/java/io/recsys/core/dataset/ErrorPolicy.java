package io.recsys.core.dataset;

/** What a reader does with a malformed row. */
public enum ErrorPolicy {
  /** Stop at the first malformed row, reporting file, line and reason (the default). */
  FAIL,
  /** Skip malformed rows and count them by reason; the count is reported at the end. */
  SKIP
}
