package io.recsys.starter.http;

import io.recsys.starter.problem.ProblemJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one CORS policy of a service, for every path (API, actuator, OpenAPI), applied before anything
 * else looks at the request ({@link CorsProperties}):
 *
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 *       answered here and goes no further: 200 with the {@code Access-Control-Allow-*} headers when the
 *       origin, the method and the headers asked for are allowed, otherwise 403 problem
 *       {@code urn:recsys:problem:cors}. It needs no key: browsers never send one on a preflight (it used
 *       to reach the key check and come back 500);
 *   <li>a cross-origin call from an allowed origin goes on (its key is checked as always) and gets
 *       {@code Access-Control-Allow-Origin} and {@code -Expose-Headers}; from any other origin it is
 *       refused 403 {@code urn:recsys:problem:cors};
 *   <li>a call without {@code Origin}, or from the service's own origin, is not a CORS call: untouched.
 * </ul>
 *
 * Thread-safe, immutable.
 */
public class CorsPolicyFilter extends OncePerRequestFilter implements Ordered {
  /** Before the body limit and everything else: a refused origin costs nothing more. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

  private final CorsConfiguration config;
  private final String exposed;
  private final String settingHint;

  public CorsPolicyFilter(CorsProperties properties) {
    CorsConfiguration c = new CorsConfiguration();
    c.setAllowedOrigins(properties.allowedOrigins());
    c.setAllowedMethods(properties.allowedMethods());
    c.setAllowedHeaders(properties.allowedHeaders());
    c.setExposedHeaders(properties.exposedHeaders());
    c.setAllowCredentials(false);
    c.setMaxAge(properties.maxAge());
    this.config = c;
    this.exposed = String.join(", ", properties.exposedHeaders());
    this.settingHint = properties.allowedOrigins().isEmpty() ? "no origin is allowed (recsys.http.cors.allowed-origins is empty)"
        : "allowed: " + String.join(", ", properties.allowedOrigins());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || !isCrossOrigin(request)) {
      chain.doFilter(request, response);
      return;
    }
    // Answers differ by origin (and, for preflights, by what is asked): caches must keep them apart.
    response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    boolean preflight = CorsUtils.isPreFlightRequest(request);
    if (preflight) {
      response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
      response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
    }
    String allowedOrigin = config.checkOrigin(origin);
    if (allowedOrigin == null) {
      refuse(response, "origin " + origin + " may not call this service: " + settingHint);
      return;
    }
    if (!preflight) {
      response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin);
      if (!exposed.isEmpty()) response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed);
      chain.doFilter(request, response);
      return;
    }
    String method = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD).trim();
    List<HttpMethod> methods = config.checkHttpMethod(HttpMethod.valueOf(method));
    if (methods == null) {
      refuse(response, "method " + method + " may not be called cross-origin (allowed: " + String.join(", ", config.getAllowedMethods()) + ")");
      return;
    }
    List<String> asked = requestedHeaders(request);
    List<String> headers = config.checkHeaders(asked);
    if (!asked.isEmpty() && headers == null) {
      refuse(response, "headers " + asked + " may not be sent cross-origin (allowed: " + String.join(", ", config.getAllowedHeaders()) + ")");
      return;
    }
    response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin);
    response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", methods.stream().map(HttpMethod::name).toList()));
    if (headers != null && !headers.isEmpty()) response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", headers));
    response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, Long.toString(config.getMaxAge()));
    response.setStatus(HttpServletResponse.SC_OK);
  }

  /** Whether Origin names another origin than the request's own; an unparseable Origin counts as another. */
  private static boolean isCrossOrigin(HttpServletRequest request) {
    try {
      return CorsUtils.isCorsRequest(request);
    } catch (IllegalArgumentException unparseable) {
      return true;
    }
  }

  private static List<String> requestedHeaders(HttpServletRequest request) {
    String value = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
    if (value == null || value.isBlank()) return List.of();
    return Arrays.stream(value.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
  }

  private static void refuse(HttpServletResponse response, String detail) throws IOException {
    ProblemJson.write(response, ProblemJson.of(HttpStatus.FORBIDDEN, "cors", detail));
  }
}
