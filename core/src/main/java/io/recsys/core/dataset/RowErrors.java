package io.recsys.core.dataset;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies the {@link ErrorPolicy} to malformed rows: throws under {@link ErrorPolicy#FAIL}, counts by
 * reason under {@link ErrorPolicy#SKIP} (keeping the first place each reason was seen, so the final
 * report can point at an example). Nothing is dropped without being counted. Not thread-safe.
 */
public final class RowErrors {
  private final ErrorPolicy policy;
  private final Map<String, Long> countByReason = new LinkedHashMap<>();
  private final Map<String, String> firstSeenAt = new LinkedHashMap<>();
  private long skipped;

  public RowErrors(ErrorPolicy policy) {
    this.policy = policy;
  }

  public ErrorPolicy policy() {
    return policy;
  }

  /**
   * Reports a malformed row. Under FAIL this throws {@link BadRowException}; under SKIP it counts the
   * row and returns, and the caller skips it.
   *
   * @param reason a short reason that groups well (no row-specific values in it), e.g. "rating is not
   *     a number"
   * @param detail row-specific detail appended to the message under FAIL (may be empty)
   */
  public void report(Path file, long line, String reason, String detail) {
    if (policy == ErrorPolicy.FAIL) {
      throw new BadRowException(file, line, detail.isEmpty() ? reason : reason + ": " + detail);
    }
    skipped++;
    countByReason.merge(reason, 1L, Long::sum);
    firstSeenAt.putIfAbsent(reason, file + ":" + line);
  }

  public void report(Path file, long line, String reason) {
    report(file, line, reason, "");
  }

  /** Rows skipped so far. */
  public long skipped() {
    return skipped;
  }

  /** Skipped rows by reason, in order of first appearance. */
  public Map<String, Long> countByReason() {
    return Collections.unmodifiableMap(countByReason);
  }

  /** Where each reason was first seen, as {@code file:line}. */
  public Map<String, String> firstSeenAt() {
    return Collections.unmodifiableMap(firstSeenAt);
  }
}
