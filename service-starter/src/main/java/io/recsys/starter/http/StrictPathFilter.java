package io.recsys.starter.http;

import io.recsys.starter.problem.ProblemJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Refuses request paths that the servlet container would silently turn into another path (400
 * problem), so that a request acts on exactly the resource it names:
 *
 * <ul>
 *   <li>a raw {@code ;}: {@code /v1/users/a;b} is path {@code /v1/users/a} with a path parameter
 *       {@code b}, so a request that names user {@code a;b} would act on user {@code a}. No service uses
 *       path parameters (or session ids in URLs); a {@code ;} that belongs to a value is sent encoded
 *       ({@code %3B}) and kept;
 *   <li>an empty segment ({@code //}): Tomcat merges {@code /v1/users//a} into {@code /v1/users/a};
 *   <li>a dot segment, raw or encoded ({@code /./}, {@code /../}, {@code %2E%2E}): Tomcat resolves
 *       {@code /v1/users/x/%2E%2E/a} to {@code /v1/users/a}. Clients resolve dot segments before
 *       sending; one on the wire is a trick. (A dot inside a value, {@code a.b}, is fine.)
 * </ul>
 *
 * Tomcat itself refuses {@code %2F}, {@code %5C}, {@code %00} and broken escapes.
 */
public class StrictPathFilter extends OncePerRequestFilter implements Ordered {
  /** First of the starter's filters. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 40;

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String refusal = refusal(request.getRequestURI());
    if (refusal != null) {
      ProblemDetail p = ProblemJson.of(HttpStatus.BAD_REQUEST, "invalid-request", refusal);
      p.setInstance(ProblemJson.instance(request.getRequestURI()));
      ProblemJson.write(response, p);
      return;
    }
    chain.doFilter(request, response);
  }

  /** Why this raw path (as sent, still encoded) is refused, or null when it is not. */
  static String refusal(String rawPath) {
    if (rawPath.indexOf(';') >= 0) {
      return "a ';' in the path: path parameters are not accepted (a ';' that is part of a value is sent as %3B)";
    }
    if (rawPath.contains("//")) return "an empty segment ('//') in the path";
    for (String segment : rawPath.split("/")) {
      if (segment.isEmpty() || segment.length() > 6) continue; // "." and ".." are at most %2E%2E long
      String decoded = UriUtils.decode(segment, StandardCharsets.UTF_8);
      if (decoded.equals(".") || decoded.equals("..")) return "a dot segment ('.' or '..') in the path: send the path it resolves to";
    }
    return null;
  }
}
