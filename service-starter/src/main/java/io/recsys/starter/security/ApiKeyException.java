package io.recsys.starter.security;

import org.springframework.http.HttpStatus;

/** A call without the right key: 401 (missing or unknown key), 403 (a key without the right) or 400 (two keys). */
public final class ApiKeyException extends RuntimeException {
  private final HttpStatus status;

  public ApiKeyException(HttpStatus status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
