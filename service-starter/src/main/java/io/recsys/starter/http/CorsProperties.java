package io.recsys.starter.http;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which browser origins may call the service ({@code recsys.http.cors.*}; environment:
 * {@code RECSYS_HTTP_CORS_ALLOWED_ORIGINS=https://app.example,https://admin.example}). Immutable.
 *
 * @param allowedOrigins origins ({@code scheme://host[:port]}) allowed to make cross-origin calls; none
 *     by default: every preflight and every cross-origin call is refused (403). {@code *} allows any
 *     origin (keys travel in a header, never in cookies, so no credentials are ever allowed)
 * @param allowedMethods methods a preflight may ask for
 * @param allowedHeaders request headers a preflight may ask for
 * @param exposedHeaders response headers a browser script may read
 * @param maxAge how long a browser may cache a preflight's answer
 */
@ConfigurationProperties("recsys.http.cors")
public record CorsProperties(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
    List<String> exposedHeaders, Duration maxAge) {
  public static final List<String> DEFAULT_ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
  public static final List<String> DEFAULT_ALLOWED_HEADERS = List.of("Content-Type", "X-API-Key", "traceparent", "tracestate");
  public static final List<String> DEFAULT_EXPOSED_HEADERS = List.of("WWW-Authenticate", "Retry-After");
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(30);

  public CorsProperties {
    allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
    allowedMethods = allowedMethods == null || allowedMethods.isEmpty() ? DEFAULT_ALLOWED_METHODS : List.copyOf(allowedMethods);
    allowedHeaders = allowedHeaders == null || allowedHeaders.isEmpty() ? DEFAULT_ALLOWED_HEADERS : List.copyOf(allowedHeaders);
    exposedHeaders = exposedHeaders == null ? DEFAULT_EXPOSED_HEADERS : List.copyOf(exposedHeaders);
    maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
    if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
    for (String o : allowedOrigins) {
      if (!o.equals("*") && (!o.matches("https?://[^/\\s]+") || o.endsWith("/"))) {
        throw new IllegalArgumentException("recsys.http.cors.allowed-origins: '" + o + "' is not an origin (scheme://host[:port], no path)");
      }
    }
  }

  public static CorsProperties defaults() {
    return new CorsProperties(null, null, null, null, null);
  }
}
