package io.recsys.gateway.security;

import io.recsys.gateway.ratelimit.Decision;
import io.recsys.gateway.ratelimit.RateLimit;
import io.recsys.gateway.ratelimit.RateLimiter;
import io.recsys.starter.security.ApiKeyException;
import io.recsys.starter.security.ApiKeyInterceptor;
import io.recsys.starter.security.PublicApiGuard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The gateway's check on the public paths ({@code /v1/**}; the starter registers it there in place of
 * its single-key {@link ApiKeyInterceptor}): who calls, may they make this call, and is their rate
 * limit spent.
 *
 * <ol>
 *   <li>More than one {@code X-API-Key} header: 400, as in the starter (a wrong key next to a right one
 *       must never pass).
 *   <li>No key configured at all ({@link ApiKeyRegistry#isEmpty()}): open for local use (a loud warning
 *       is logged once, at construction), except {@code DELETE} and the admin paths, which are refused
 *       (403) as the starter refuses erasure without an admin key. Calls are still rate limited, per
 *       client address, in the bucket {@code anonymous:<address>} with the default limit.
 *   <li>Missing or blank header: 401. A key the registry does not know: 401.
 *   <li>{@code DELETE} on any path, or any method on an admin path (default {@link #DEFAULT_ADMIN_PATHS}):
 *       an {@link ApiKeyRegistry.Role#API API} key gets 403.
 *   <li>The key's rate limit (its own, or the default), in the bucket named after the key: allowed
 *       calls go on with {@value #LIMIT_HEADER} (the burst) and {@value #REMAINING_HEADER}; refused
 *       ones get 429 {@code application/problem+json} with {@code Retry-After} and the same headers
 *       (written here, see {@link RateLimitedException} for why).
 * </ol>
 *
 * <p>401/403/400 are thrown as {@link ApiKeyException}, which the starter answers as
 * {@code urn:recsys:problem:api-key} problems (401 with {@code WWW-Authenticate}). The key's name (or
 * {@value #ANONYMOUS} when the paths are open) is left in the request attribute
 * {@link #KEY_NAME_ATTRIBUTE} for metrics and logs; names are few and chosen by operators, so they
 * are safe as metric tags, unlike addresses.
 *
 * <p>Admin paths are matched case-insensitively, with repeated and trailing slashes folded and
 * percent-escapes decoded, so that no spelling of an admin path that some router might still accept
 * slips through as a plain API call: the check errs towards asking for the admin key.
 *
 * <p>The anonymous bucket uses {@link HttpServletRequest#getRemoteAddr()}: behind a load balancer that
 * is the balancer's address unless the server is told to trust {@code X-Forwarded-For}
 * ({@code server.forward-headers-strategy}).
 *
 * <p>Thread-safe and immutable; the registry and the rate limiter are thread-safe.
 */
public final class GatewayKeyGuard implements PublicApiGuard {
  public static final String HEADER = ApiKeyInterceptor.HEADER;
  public static final String KEY_NAME_ATTRIBUTE = GatewayKeyGuard.class.getName() + ".keyName";
  public static final String LIMIT_HEADER = "X-RateLimit-Limit";
  public static final String REMAINING_HEADER = "X-RateLimit-Remaining";
  /** The key name recorded when no keys are configured; buckets are then {@value #ANONYMOUS_PREFIX}{@code <address>}. */
  public static final String ANONYMOUS = "anonymous";
  public static final String ANONYMOUS_PREFIX = ANONYMOUS + ":";
  public static final List<String> DEFAULT_ADMIN_PATHS = List.of("/v1/admin/**", "/v1/experiments/*/reload");

  private static final Logger log = LoggerFactory.getLogger(GatewayKeyGuard.class);

  private final ApiKeyRegistry keys;
  private final RateLimiter limiter;
  private final RateLimit defaultLimit;
  private final List<PathPattern> adminPaths;

  /** The default limit ({@link RateLimit#DEFAULT}) and admin paths ({@link #DEFAULT_ADMIN_PATHS}). */
  public GatewayKeyGuard(ApiKeyRegistry keys, RateLimiter limiter) {
    this(keys, limiter, RateLimit.DEFAULT, DEFAULT_ADMIN_PATHS);
  }

  /**
   * @param defaultLimit the limit of keys that name none, and of anonymous callers
   * @param adminPaths Spring path patterns (e.g. {@code /v1/admin/**}) that need an admin key for every
   *     method; null or empty means {@link #DEFAULT_ADMIN_PATHS}
   */
  public GatewayKeyGuard(ApiKeyRegistry keys, RateLimiter limiter, RateLimit defaultLimit, List<String> adminPaths) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.defaultLimit = Objects.requireNonNull(defaultLimit, "defaultLimit");
    List<String> patterns = adminPaths == null || adminPaths.isEmpty() ? DEFAULT_ADMIN_PATHS : adminPaths;
    PathPatternParser parser = new PathPatternParser();
    parser.setCaseSensitive(false);
    this.adminPaths = patterns.stream().map(p -> {
      if (p == null || !p.startsWith("/")) throw new IllegalArgumentException("admin path patterns must start with '/': " + p);
      return parser.parse(p);
    }).toList();
    if (keys.isEmpty()) {
      log.warn("**********************************************************************");
      log.warn("No API key is configured (recsys.gateway.keys, RECSYS_API_KEY, RECSYS_ADMIN_KEY):");
      log.warn("the public API is OPEN to anyone who can reach this port, rate limited per address.");
      log.warn("DELETE and the admin paths {} stay refused until an admin key is set.", patterns);
      log.warn("**********************************************************************");
    } else if (!keys.hasAdminKey()) {
      log.info("No admin key is configured: DELETE and the admin paths {} are refused", patterns);
    }
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
    int headers = Collections.list(request.getHeaders(HEADER)).size();
    if (headers > 1) throw new ApiKeyException(HttpStatus.BAD_REQUEST, headers + " " + HEADER + " headers: send exactly one");
    boolean needsAdmin = "DELETE".equalsIgnoreCase(request.getMethod()) || isAdminPath(request);

    String bucket;
    RateLimit limit;
    if (keys.isEmpty()) {
      if (needsAdmin) {
        throw new ApiKeyException(HttpStatus.FORBIDDEN, "this call needs an admin key and none is configured "
            + "(set RECSYS_ADMIN_KEY or an ADMIN entry in " + ApiKeyRegistry.PROPERTY + ")");
      }
      request.setAttribute(KEY_NAME_ATTRIBUTE, ANONYMOUS);
      bucket = ANONYMOUS_PREFIX + request.getRemoteAddr();
      limit = defaultLimit;
    } else {
      String presented = request.getHeader(HEADER);
      if (presented == null || presented.isBlank()) {
        throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "missing " + HEADER + " header");
      }
      Optional<ApiKeyRegistry.KeyEntry> found = keys.find(presented);
      if (found.isEmpty()) throw new ApiKeyException(HttpStatus.UNAUTHORIZED, "unknown API key");
      ApiKeyRegistry.KeyEntry key = found.get();
      if (needsAdmin && key.role() != ApiKeyRegistry.Role.ADMIN) {
        throw new ApiKeyException(HttpStatus.FORBIDDEN, "this call needs an admin key");
      }
      request.setAttribute(KEY_NAME_ATTRIBUTE, key.name());
      bucket = key.name();
      limit = key.limit() != null ? key.limit() : defaultLimit;
    }

    Decision d = limiter.tryAcquire(bucket, limit);
    if (d.allowed()) {
      response.setHeader(LIMIT_HEADER, Integer.toString(limit.burst()));
      response.setHeader(REMAINING_HEADER, Long.toString(d.remaining()));
      return true;
    }
    new RateLimitedException(limit, d).writeTo(request.getRequestURI(), response);
    return false;
  }

  /** Whether the request's path (within the application) matches an admin pattern; see the class comment. */
  boolean isAdminPath(HttpServletRequest request) {
    String path = ServletRequestPathUtils.hasParsedRequestPath(request)
        ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value()
        : RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication().value();
    path = path.replaceAll("/{2,}", "/");
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    PathContainer container = PathContainer.parsePath(path);
    for (PathPattern p : adminPaths) {
      if (p.matches(container)) return true;
    }
    return false;
  }
}
