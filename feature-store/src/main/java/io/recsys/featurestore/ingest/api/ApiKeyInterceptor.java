package io.recsys.featurestore.ingest.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@code X-API-Key} on every /v1 call. Reads need the API key ({@code RECSYS_API_KEY}) or the
 * admin key; {@code DELETE} (erasure) needs the admin key ({@code RECSYS_ADMIN_KEY}) and is refused
 * while none is configured. With no API key configured, reads and event posts are open (local use; the
 * service logs a warning at start-up). Keys are compared in constant time. Thread-safe, immutable.
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {
  public static final String HEADER = "X-API-Key";

  private final byte[] apiKey;
  private final byte[] adminKey;

  /** Blank keys mean "not configured". */
  public ApiKeyInterceptor(String apiKey, String adminKey) {
    this.apiKey = bytes(apiKey);
    this.adminKey = bytes(adminKey);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    byte[] given = bytes(request.getHeader(HEADER));
    boolean admin = adminKey != null && given != null && MessageDigest.isEqual(given, adminKey);
    if ("DELETE".equals(request.getMethod())) {
      if (adminKey == null) throw new ApiKeyException(HttpStatus.FORBIDDEN, "erasure is disabled: RECSYS_ADMIN_KEY is not set");
      if (given == null) throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "missing " + HEADER + " header (the admin key)");
      if (!admin) throw new ApiKeyException(HttpStatus.FORBIDDEN, "this call needs the admin key");
      return true;
    }
    if (apiKey == null || admin) return true;
    if (given == null) throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "missing " + HEADER + " header");
    if (!MessageDigest.isEqual(given, apiKey)) throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "wrong API key");
    return true;
  }

  private static byte[] bytes(String key) {
    return key == null || key.isBlank() ? null : key.getBytes(StandardCharsets.UTF_8);
  }
}
