package io.recsys.gateway.experiment;

import java.time.Instant;
import java.util.Objects;

/**
 * One logged exposure: a response served to a user under a variant. Immutable.
 *
 * @param requestId the request's id (joins the exposure to the request's logs and feedback)
 * @param userId the user
 * @param variant the variant served
 * @param at when it was recorded (the log's clock, to the millisecond)
 */
public record Exposure(String requestId, String userId, String variant, Instant at) {
  public Exposure {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(at, "at");
  }
}
