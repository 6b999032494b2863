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
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A deadline for the whole request body: once a handler starts reading it, the body must have arrived
 * within {@code bodyTimeout}, however it trickles (each wait for more bytes is bounded by Tomcat's
 * {@code connectionUploadTimeout}, {@code recsys.http.body-read-timeout}, which a byte now and then
 * resets). A read that returns after the deadline fails with {@link RequestTimeoutException}, answered
 * 408 problem by the advice; the connection is closed after it. Thread-safe.
 */
public class BodyDeadlineFilter extends OncePerRequestFilter implements Ordered {
  /** Just after the body limit, so that both wrap the stream the handler reads. */
  public static final int ORDER = RequestBodyLimitFilter.ORDER + 10;

  private final long timeoutNanos;
  private final String timeout;

  public BodyDeadlineFilter(Duration bodyTimeout) {
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) throw new IllegalArgumentException("bodyTimeout must be positive: " + bodyTimeout);
    this.timeoutNanos = bodyTimeout.toNanos();
    this.timeout = bodyTimeout.toMillis() % 1000 == 0 ? bodyTimeout.toSeconds() + " s" : bodyTimeout.toMillis() + " ms";
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(new DeadlineRequest(request), response);
  }

  private final class DeadlineRequest extends HttpServletRequestWrapper {
    private ServletInputStream stream;

    DeadlineRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) stream = new DeadlineInputStream(super.getInputStream());
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String enc = getCharacterEncoding();
      Charset charset = enc == null ? StandardCharsets.ISO_8859_1 : Charset.forName(enc);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private final class DeadlineInputStream extends ForwardingInputStream {
    private long started;

    DeadlineInputStream(ServletInputStream in) {
      super(in);
    }

    private void before() {
      if (started == 0) started = System.nanoTime() | 1; // never 0 once started
    }

    private void after(int n) {
      if (n >= 0 && System.nanoTime() - started > timeoutNanos) {
        throw new RequestTimeoutException("the request body did not arrive within " + timeout);
      }
    }

    @Override
    public int read() throws IOException {
      before();
      int b = in.read();
      after(b);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      before();
      int n = in.read(b, off, len);
      after(n);
      return n;
    }
  }
}
