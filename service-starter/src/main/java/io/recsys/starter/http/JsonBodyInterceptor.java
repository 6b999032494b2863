package io.recsys.starter.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Request bodies on the API paths are JSON: a request that carries a body ({@code Content-Length}
 * above 0, or {@code Transfer-Encoding}) must say {@code Content-Type: application/json} or
 * {@code application/*+json}, with no charset or UTF-8 (RFC 8259: JSON is UTF-8); anything else, or
 * none, is refused 415 (problem, {@code Accept} naming the JSON types) before the handler runs. This
 * holds for handlers that read the raw body too, which Spring's {@code consumes} check never sees. A
 * handler that declares its own {@code consumes} is checked by Spring against that instead. Runs after
 * the key check: without the right key, the answer is 401/403 whatever the body. Thread-safe.
 */
public final class JsonBodyInterceptor implements HandlerInterceptor {
  public static final List<MediaType> JSON_TYPES = List.of(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws HttpMediaTypeNotSupportedException {
    if (!(handler instanceof HandlerMethod method) || !hasBody(request) || declaresConsumes(method)) return true;
    String header = request.getContentType();
    if (header == null || header.isBlank()) throw refused(null, request, "the request has a body but no Content-Type: send JSON as application/json");
    MediaType type;
    try {
      type = MediaType.parseMediaType(header);
    } catch (InvalidMediaTypeException e) {
      throw refused(null, request, "unreadable Content-Type: send JSON as application/json");
    }
    if (!isJson(type)) throw refused(type, request, "the body must be JSON (application/json or application/*+json), not " + type.getType() + "/" + type.getSubtype());
    String charset = type.getParameter("charset");
    if (charset != null && !isUtf8(charset)) {
      throw refused(type, request, "JSON bodies are UTF-8: charset " + charset + " is not accepted");
    }
    return true;
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private static boolean declaresConsumes(HandlerMethod method) {
    RequestMapping onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
    RequestMapping onType = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequestMapping.class);
    return (onMethod != null && onMethod.consumes().length > 0) || (onType != null && onType.consumes().length > 0);
  }

  private static boolean isJson(MediaType type) {
    return type.getType().equalsIgnoreCase("application")
        && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
  }

  private static boolean isUtf8(String charset) {
    try {
      return Charset.forName(charset.replace("\"", "").trim()).equals(StandardCharsets.UTF_8);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return false;
    }
  }

  private static HttpMediaTypeNotSupportedException refused(MediaType type, HttpServletRequest request, String detail) {
    HttpMediaTypeNotSupportedException e = new HttpMediaTypeNotSupportedException(type, JSON_TYPES, HttpMethod.valueOf(request.getMethod()));
    e.getBody().setDetail(detail);
    return e;
  }
}
