package io.recsys.featurestore.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a batch was rejected, as listed in the problem's {@code errors}.
 *
 * @param index the event's position in the batch (0-based), or null for the batch as a whole
 * @param field the offending field ({@code body} for the request body itself)
 * @param message what is wrong, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventError(Integer index, String field, String message) {
  public static EventError ofBatch(String field, String message) {
    return new EventError(null, field, message);
  }
}
