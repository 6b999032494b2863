package io.recsys.featurestore.store;

/**
 * The store could not complete an operation: the backend is unreachable, a command timed out, or it
 * answered with an error. Callers map it to "unavailable" (HTTP 503), never to "not found".
 */
public final class FeatureStoreException extends RuntimeException {
  private final boolean nothingDone;

  /** A failure after which the operation may or may not have taken effect (a timeout, a lost reply). */
  public FeatureStoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param nothingDone true when the command is known not to have reached Redis (refused while
   *     disconnected, no connection at all), so nothing of it took effect
   */
  public FeatureStoreException(String message, Throwable cause, boolean nothingDone) {
    super(message, cause);
    this.nothingDone = nothingDone;
  }

  /** True when the operation is known to have had no effect; false when that is not known. */
  public boolean nothingDone() {
    return nothingDone;
  }
}
