package io.recsys.gateway.experiment;

import java.time.Instant;
import java.util.Objects;

/**
 * What one reload attempt did. Immutable.
 *
 * @param outcome see {@link Outcome}
 * @param at when the attempt ran (the catalog's clock)
 * @param experiments how many experiments are being served after the attempt
 * @param contentHash hex SHA-256 of the content being served after the attempt ({@code ""} when not
 *     from a file)
 * @param error why the file was rejected; non-null exactly when {@code outcome} is {@code REJECTED}
 */
public record ReloadResult(Outcome outcome, Instant at, int experiments, String contentHash, String error) {
  public enum Outcome {
    /** The file reads the same as at the last check (or there is no file): nothing was done. */
    UNCHANGED,
    /** A new catalog is being served. */
    RELOADED,
    /** The file is missing, unreadable or invalid: the previous catalog is still served. */
    REJECTED
  }

  public ReloadResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(contentHash, "contentHash");
    if ((outcome == Outcome.REJECTED) != (error != null)) {
      throw new IllegalArgumentException("error must be set exactly when the outcome is REJECTED: " + outcome + ", " + error);
    }
  }
}
