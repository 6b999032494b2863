package io.recsys.starter.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a request was rejected, as listed in the problem's {@code errors}:
 * {@code {"index":3,"field":"type","message":"..."}} ({@code index} left out when null).
 *
 * @param index the element's position in a batch (0-based), or null for the request as a whole
 * @param field the offending field or parameter ({@code body} for the request body itself)
 * @param message what is wrong, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvalidField(Integer index, String field, String message) {
  /** An error of the request as a whole (a parameter, the body), not of one element. */
  public static InvalidField of(String field, String message) {
    return new InvalidField(null, field, message);
  }
}
