package io.recsys.starter.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps what a handler can read of a request body at {@code maxBytes}. The check is made when the body
 * is read, inside Spring MVC, so that the refusal is an exception the problem-details advice answers
 * (413 problem+json) and so that the API-key check (an interceptor) still comes first: a body that
 * declares more ({@code Content-Length}) is refused when the handler asks for it, one sent without a
 * length (chunked) as soon as more than {@code maxBytes} have been read. A handler that never reads the
 * body is not affected. Thread-safe.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter implements Ordered {
  /** Early, so that every later filter and the handler see the limited body. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  private final long maxBytes;

  public RequestBodyLimitFilter(long maxBytes) {
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be >= 1: " + maxBytes);
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        long declared = getContentLengthLong();
        if (declared > maxBytes) throw new RequestTooLargeException(declared + " bytes", maxBytes);
        stream = new LimitedInputStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String enc = getCharacterEncoding();
      Charset charset = enc == null ? StandardCharsets.ISO_8859_1 : Charset.forName(enc);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class LimitedInputStream extends ForwardingInputStream {
    private final long maxBytes;
    private long read;

    LimitedInputStream(ServletInputStream in, long maxBytes) {
      super(in);
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) count(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) count(n);
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > maxBytes) throw new RequestTooLargeException("more than " + maxBytes + " bytes", maxBytes);
    }
  }
}
