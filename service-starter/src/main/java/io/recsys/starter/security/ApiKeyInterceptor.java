package io.recsys.starter.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@code X-API-Key} on the paths it is registered for, in one of two zones.
 *
 * <p>{@link Zone#PUBLIC} (the service's API, {@code /v1/**}): reads and posts need the API key
 * ({@code RECSYS_API_KEY}) or the admin key; {@code DELETE} needs the admin key
 * ({@code RECSYS_ADMIN_KEY}) and is refused while none is configured. With no API key configured,
 * everything but {@code DELETE} is open (local use; the starter logs a warning at start-up). The
 * internal key is refused here (403) while an API key is configured.
 *
 * <p>{@link Zone#INTERNAL} ({@code /internal/**}): only the internal key ({@code RECSYS_INTERNAL_KEY});
 * the API and admin keys are refused (403), and with no internal key configured every call is refused
 * (403): internal endpoints are never open.
 *
 * <p>Missing key: 401; a key that is none of the configured ones: 401; a known key of the wrong kind:
 * 403; more than one {@code X-API-Key} header: 400, whatever they hold. Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken does
 * not depend on the key's content or length. Thread-safe, immutable.
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {
  public static final String HEADER = "X-API-Key";

  /** Which rules apply. */
  public enum Zone {
    PUBLIC, INTERNAL
  }

  private final Zone zone;
  private final byte[] apiKey;
  private final byte[] adminKey;
  private final byte[] internalKey;

  /** Blank keys mean "not configured". */
  public ApiKeyInterceptor(Zone zone, String apiKey, String adminKey, String internalKey) {
    this.zone = zone;
    this.apiKey = digest(apiKey);
    this.adminKey = digest(adminKey);
    this.internalKey = digest(internalKey);
  }

  public ApiKeyInterceptor(Zone zone, SecurityProperties keys) {
    this(zone, keys.apiKey(), keys.adminKey(), keys.internalKey());
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    // Two headers are ambiguous: whichever one a server reads, a wrong key next to a right one must not
    // pass. Refused before any key is compared, whatever the keys and the zone.
    int headers = Collections.list(request.getHeaders(HEADER)).size();
    if (headers > 1) {
      throw new ApiKeyException(HttpStatus.BAD_REQUEST, headers + " " + HEADER + " headers: send exactly one");
    }
    byte[] given = digest(request.getHeader(HEADER));
    // Every comparison is made whatever the outcome, so timing does not tell which key matched.
    boolean api = matches(given, apiKey);
    boolean admin = matches(given, adminKey);
    boolean internal = matches(given, internalKey);
    if (zone == Zone.INTERNAL) {
      if (internalKey == null) throw new ApiKeyException(HttpStatus.FORBIDDEN, "internal endpoints are disabled: RECSYS_INTERNAL_KEY is not set");
      if (given == null) throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "missing " + HEADER + " header (the internal key)");
      if (internal) return true;
      if (api || admin) throw new ApiKeyException(HttpStatus.FORBIDDEN, "this call needs the internal key");
      throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "wrong internal key");
    }
    if ("DELETE".equals(request.getMethod())) {
      if (adminKey == null) throw new ApiKeyException(HttpStatus.FORBIDDEN, "erasure is disabled: RECSYS_ADMIN_KEY is not set");
      if (given == null) throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "missing " + HEADER + " header (the admin key)");
      if (!admin) throw new ApiKeyException(HttpStatus.FORBIDDEN, "this call needs the admin key");
      return true;
    }
    if (apiKey == null || admin) return true;
    if (given == null) throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "missing " + HEADER + " header");
    if (api) return true;
    if (internal) throw new ApiKeyException(HttpStatus.FORBIDDEN, "the internal key is not accepted here: this call needs the API key");
    throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "wrong API key");
  }

  private static boolean matches(byte[] given, byte[] key) {
    return given != null && key != null && MessageDigest.isEqual(given, key);
  }

  private static byte[] digest(String key) {
    if (key == null || key.isBlank()) return null;
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
