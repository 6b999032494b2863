package io.recsys.starter.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits ({@code recsys.http.*}; environment: {@code RECSYS_HTTP_MAX_BODY_SIZE=4MB}). Immutable.
 *
 * @param maxBodySize the largest request body any endpoint reads; more is answered 413
 *     {@code urn:recsys:problem:request-too-large}. The default fits a 1000-event batch with room
 *     to spare (feature-store's own, stricter limit on {@code POST /v1/events} is 1 MiB)
 */
@ConfigurationProperties("recsys.http")
public record HttpProperties(DataSize maxBodySize) {
  public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(2);

  public HttpProperties {
    maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
    if (maxBodySize.toBytes() < 1) throw new IllegalArgumentException("maxBodySize must be at least 1 byte: " + maxBodySize);
  }

  public static HttpProperties defaults() {
    return new HttpProperties(null);
  }
}
