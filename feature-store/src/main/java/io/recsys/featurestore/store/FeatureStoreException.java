package io.recsys.featurestore.store;

/**
 * The store could not complete an operation: the backend is unreachable, a command timed out, or it
 * answered with an error. Callers map it to "unavailable" (HTTP 503), never to "not found".
 */
public final class FeatureStoreException extends RuntimeException {
  public FeatureStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
