package io.recsys.gateway.cascade;

/**
 * No path to an answer: the candidate stage failed and no popular items are cached, or a stage
 * declared fail-closed ({@code fail-open: false}) failed. The API answers 503 with {@code Retry-After}.
 */
public final class CascadeUnavailableException extends RuntimeException {
  private final Stage stage;

  public CascadeUnavailableException(Stage stage, String message) {
    super(message, null, false, false);
    this.stage = stage;
  }

  public Stage stage() {
    return stage;
  }
}
