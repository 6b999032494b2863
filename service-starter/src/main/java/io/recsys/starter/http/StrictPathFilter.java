package io.recsys.starter.http;

import io.recsys.starter.problem.ProblemJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a raw {@code ;} in the request path (400 problem). The servlet container takes
 * {@code /v1/users/a;b} for path {@code /v1/users/a} with a path parameter {@code b}, so the id the
 * client wrote is silently cut: a request that names user {@code a;b} would act on user {@code a}. No
 * service uses path parameters (or session ids in URLs); a {@code ;} that belongs to a value is sent
 * encoded ({@code %3B}) and is kept. Tomcat itself refuses {@code %2F}, {@code %5C} and {@code %00}.
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
    String uri = request.getRequestURI();
    if (uri.indexOf(';') >= 0) {
      ProblemDetail p = ProblemJson.of(HttpStatus.BAD_REQUEST, "invalid-request",
          "a ';' in the path: path parameters are not accepted (a ';' that is part of a value is sent as %3B)");
      p.setInstance(URI.create(request.getServletPath().isEmpty() ? "/" : request.getServletPath()));
      ProblemJson.write(response, p);
      return;
    }
    chain.doFilter(request, response);
  }
}
