package io.recsys.starter.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits ({@code recsys.http.*}; environment: {@code RECSYS_HTTP_MAX_BODY_SIZE=4MB},
 * {@code RECSYS_HTTP_HEADER_TIMEOUT=5s}). Immutable. How long a connection may stay silent and idle
 * between requests are Tomcat's own {@code server.tomcat.connection-timeout} and
 * {@code server.tomcat.keep-alive-timeout} (the starter lowers both, see {@code ServiceDefaults}).
 *
 * @param maxBodySize the largest request body any endpoint reads; more is answered 413
 *     {@code urn:recsys:problem:request-too-large}. The default fits a 1000-event batch with room
 *     to spare (feature-store's own, stricter limit on {@code POST /v1/events} is 1 MiB)
 * @param headerTimeout the longest the request line and headers may take to arrive, from their first
 *     byte, however they trickle; then the connection is closed
 * @param bodyReadTimeout the longest a read of the request body waits for more bytes; then 408
 * @param bodyTimeout the longest the whole request body may take to arrive, from the handler's first
 *     read, however it trickles; then 408
 */
@ConfigurationProperties("recsys.http")
public record HttpProperties(DataSize maxBodySize, Duration headerTimeout, Duration bodyReadTimeout, Duration bodyTimeout) {
  public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(2);
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  public HttpProperties {
    maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
    if (maxBodySize.toBytes() < 1) throw new IllegalArgumentException("maxBodySize must be at least 1 byte: " + maxBodySize);
    headerTimeout = positive("headerTimeout", headerTimeout, DEFAULT_HEADER_TIMEOUT);
    bodyReadTimeout = positive("bodyReadTimeout", bodyReadTimeout, DEFAULT_BODY_READ_TIMEOUT);
    bodyTimeout = positive("bodyTimeout", bodyTimeout, DEFAULT_BODY_TIMEOUT);
  }

  public static HttpProperties defaults() {
    return new HttpProperties(null, null, null, null);
  }

  private static Duration positive(String name, Duration value, Duration defaultValue) {
    Duration v = value == null ? defaultValue : value;
    if (v.toMillis() < 1) throw new IllegalArgumentException(name + " must be at least 1 ms: " + v);
    return v;
  }
}
