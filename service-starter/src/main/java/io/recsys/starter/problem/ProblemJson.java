package io.recsys.starter.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem as {@code application/problem+json} straight to a servlet response, for the places
 * that answer outside Spring MVC's message converters: the starter's filters (CORS, strict paths), the
 * error controller and Tomcat's error report valve. The JSON is written by hand (type, title, status,
 * detail, instance, then any simple properties), so it needs no object mapper and cannot fail on an
 * odd value: every string is escaped.
 */
public final class ProblemJson {
  public static final String MEDIA_TYPE = "application/problem+json";

  private ProblemJson() {}

  /** A problem of {@code status}, {@code urn:recsys:problem:<type>} (or {@code about:blank} when type is null). */
  public static ProblemDetail of(HttpStatus status, String type, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    if (type != null) p.setType(Problems.type(type));
    p.setTitle(status.getReasonPhrase());
    return p;
  }

  /**
   * Sets the status, {@code Content-Type: application/problem+json} and writes the problem, unless the
   * response is already committed (then nothing can be said any more). Any body buffered so far is
   * dropped; headers stay.
   */
  public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    if (response.isCommitted()) return;
    response.resetBuffer();
    response.setStatus(problem.getStatus());
    response.setContentType(MEDIA_TYPE);
    byte[] body = json(problem).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    OutputStream out = response.getOutputStream();
    out.write(body);
    out.flush();
  }

  /**
   * The {@code instance} of a problem about this request path as sent ({@code getRequestURI()}, still
   * percent-encoded), or null when it is no URI reference (a hostile path may hold anything).
   */
  public static URI instance(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) return null;
    try {
      return URI.create(rawPath);
    } catch (IllegalArgumentException notAUri) {
      return null;
    }
  }

  /** The problem as JSON text. */
  public static String json(ProblemDetail p) {
    StringBuilder s = new StringBuilder(160).append('{');
    field(s, "type", p.getType() == null ? "about:blank" : p.getType().toString());
    if (p.getTitle() != null) field(s.append(','), "title", p.getTitle());
    s.append(",\"status\":").append(p.getStatus());
    if (p.getDetail() != null) field(s.append(','), "detail", p.getDetail());
    if (p.getInstance() != null) field(s.append(','), "instance", p.getInstance().toString());
    Map<String, Object> properties = p.getProperties();
    if (properties != null) {
      for (Map.Entry<String, Object> e : properties.entrySet()) {
        Object v = e.getValue();
        if (v instanceof Number || v instanceof Boolean) string(s.append(','), e.getKey()).append(':').append(v);
        else if (v != null) field(s.append(','), e.getKey(), v.toString());
      }
    }
    return s.append('}').toString();
  }

  private static void field(StringBuilder s, String name, String value) {
    string(s, name).append(':');
    string(s, value);
  }

  private static StringBuilder string(StringBuilder s, String value) {
    s.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          // Control characters, and lone surrogates that would make invalid UTF-8, as \\u escapes.
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || (Character.isSurrogate(c) && !pairedAt(value, i))) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"');
  }

  private static boolean pairedAt(String v, int i) {
    char c = v.charAt(i);
    if (Character.isHighSurrogate(c)) return i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
    return i > 0 && Character.isHighSurrogate(v.charAt(i - 1));
  }
}
