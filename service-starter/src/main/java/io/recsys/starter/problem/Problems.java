package io.recsys.starter.problem;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the platform's problem details: {@code type} is {@code urn:recsys:problem:<type>}. */
public final class Problems {
  public static final String TYPE_PREFIX = "urn:recsys:problem:";

  private Problems() {}

  /** A problem of this status, {@code urn:recsys:problem:<type>}, title and detail. */
  public static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(type(type));
    p.setTitle(title);
    return p;
  }

  public static URI type(String type) {
    return URI.create(TYPE_PREFIX + type);
  }
}
