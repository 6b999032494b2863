package io.recsys.starter.problem;

import java.util.List;

/**
 * A request failed validation: answered 400 {@code urn:recsys:problem:invalid-request} with this
 * detail and every error listed in {@code errors} ([{index, field, message}]).
 */
public class InvalidRequestException extends RuntimeException {
  private final transient List<InvalidField> errors;

  public InvalidRequestException(String detail, List<InvalidField> errors) {
    super(detail, null, false, false); // a client error: no stack trace to fill or show
    this.errors = List.copyOf(errors);
  }

  public List<InvalidField> errors() {
    return errors;
  }
}
