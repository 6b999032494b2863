package io.recsys.starter.http;

import io.recsys.starter.problem.ProblemErrorController;
import io.recsys.starter.problem.ProblemJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The last word on an error without a body: a 4xx or 5xx answer that nobody wrote a body for gets a
 * problem ({@code application/problem+json}, a fixed detail per status). Such answers come from
 * places that set a status and nothing else: the actuator (an unknown health component: 404),
 * and Spring MVC when it cannot read the request's {@code Accept} header (it then drops the problem
 * it was about to write). While such a response is still empty, flushing it is held back, so that the
 * problem can still be written at the end.
 */
public class ProblemBodyFilter extends OncePerRequestFilter implements Ordered {
  /** Outermost of the starter's filters: it sees the answer last. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    EmptyErrorGuard guarded = new EmptyErrorGuard(response);
    chain.doFilter(request, guarded);
    if (request.isAsyncStarted()) return;
    int status = guarded.getStatus();
    if (status >= 400 && !guarded.written && !response.isCommitted()) {
      HttpStatus known = HttpStatus.resolve(status);
      HttpStatus s = known == null ? (status >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST) : known;
      ProblemDetail p = ProblemJson.of(s, null, ProblemErrorController.detail(s));
      p.setStatus(status);
      p.setInstance(ProblemJson.instance(request.getRequestURI()));
      ProblemJson.write(response, p);
    } else if (guarded.flushHeld) {
      response.flushBuffer();
    }
  }

  /** Counts what is written, and holds back flushes while the response is an empty error. */
  private static final class EmptyErrorGuard extends HttpServletResponseWrapper {
    boolean written;
    boolean flushHeld;
    private ServletOutputStream stream;
    private PrintWriter writer;

    EmptyErrorGuard(HttpServletResponse response) {
      super(response);
    }

    private boolean holding() {
      return !written && getStatus() >= 400;
    }

    @Override
    public void flushBuffer() throws IOException {
      if (holding()) flushHeld = true;
      else super.flushBuffer();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        ServletOutputStream out = super.getOutputStream();
        stream = new ServletOutputStream() {
          @Override
          public void write(int b) throws IOException {
            written = true;
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) written = true;
            out.write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            if (holding()) flushHeld = true;
            else out.flush();
          }

          @Override
          public void close() throws IOException {
            if (holding()) flushHeld = true;
            else out.close();
          }

          @Override
          public boolean isReady() {
            return out.isReady();
          }

          @Override
          public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
          }
        };
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        PrintWriter out = super.getWriter();
        writer = new PrintWriter(new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) {
            if (len > 0) written = true;
            out.write(cbuf, off, len);
          }

          @Override
          public void flush() {
            if (holding()) flushHeld = true;
            else out.flush();
          }

          @Override
          public void close() {
            if (holding()) flushHeld = true;
            else out.close();
          }
        });
      }
      return writer;
    }
  }
}
