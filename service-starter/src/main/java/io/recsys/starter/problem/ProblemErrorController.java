package io.recsys.starter.problem;

import io.recsys.starter.http.RequestTooLargeException;
import io.recsys.starter.security.ApiKeyException;
import io.recsys.starter.security.ApiKeyInterceptor;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Boot's error path ({@code server.error.path}, {@code /error}) as problem details, in place of its
 * {@code BasicErrorController} (whose JSON is not a problem, and which answered {@code /error} called
 * directly with 500 "status 999"). The servlet container forwards here what never reached a controller
 * or failed outside one: an exception thrown by a filter, a {@code sendError} (Tomcat's 405 for
 * {@code TRACE}, its 400 for a broken chunk). Called directly, {@code /error} is no endpoint: 404, like
 * any unknown path. Answers every method, whatever {@code Accept} says: the body is written here, not
 * negotiated.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {
  @RequestMapping
  public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    write(request, response);
  }

  /**
   * Writes the problem for the error the container forwarded with this request (its
   * {@code jakarta.servlet.error.*} attributes), or a 404 when there are none (the error path called
   * directly). Also used outside Spring MVC (the management port's error path).
   */
  public static void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (!(code instanceof Integer status)) {
      ProblemDetail p = ProblemJson.of(HttpStatus.NOT_FOUND, null, "No endpoint " + request.getMethod() + " " + request.getRequestURI() + ".");
      p.setInstance(ProblemJson.instance(request.getRequestURI()));
      ProblemJson.write(response, p);
      return;
    }
    if (error != null && DisconnectedClientHelper.isClientDisconnectedException(error)) return; // nobody to answer
    ProblemDetail p = problem(status, error, response);
    if (uri instanceof String path) p.setInstance(ProblemJson.instance(path));
    ProblemJson.write(response, p);
  }

  private static ProblemDetail problem(int code, Throwable error, HttpServletResponse response) {
    // The starter's own exceptions, thrown where its advice cannot catch them (outside a controller).
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiKeyException e) {
        if (e.status() == HttpStatus.UNAUTHORIZED) response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + ApiKeyInterceptor.HEADER + "\"");
        return ProblemJson.of(e.status(), "api-key", e.getMessage());
      }
      if (t instanceof RequestTooLargeException e) return ProblemJson.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", e.getMessage());
    }
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null || code < 400) status = HttpStatus.INTERNAL_SERVER_ERROR;
    if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
      // Logged with its stack trace by the container already; the client learns nothing of the cause.
      return ProblemJson.of(status, "internal-error", "the request failed unexpectedly; the error was logged");
    }
    return ProblemJson.of(status, status == HttpStatus.REQUEST_TIMEOUT ? "request-timeout" : null, detail(status));
  }

  /** A fixed text per status: the container's own messages may quote the request back. */
  public static String detail(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "the request could not be read: malformed request line, URI, headers or body framing";
      case METHOD_NOT_ALLOWED -> "this method is not supported here";
      case NOT_FOUND -> "no such path";
      case REQUEST_TIMEOUT -> "the request body did not arrive in time";
      case CONTENT_TOO_LARGE -> "the request is too large";
      case REQUEST_HEADER_FIELDS_TOO_LARGE -> "the request headers are too large";
      default -> status.getReasonPhrase();
    };
  }
}
