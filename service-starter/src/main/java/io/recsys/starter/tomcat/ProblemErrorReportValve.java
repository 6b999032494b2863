package io.recsys.starter.tomcat;

import io.recsys.starter.problem.ProblemErrorController;
import io.recsys.starter.problem.ProblemJson;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report as problem details instead of its HTML page. Tomcat answers some requests
 * itself, before any filter or controller sees them: a malformed request line or URI ({@code %2F},
 * {@code %00}, {@code {}), headers over the size limit, an unknown transfer coding, another HTTP
 * version. It writes those answers through the host's error report valve; this one writes
 * {@code application/problem+json} with a fixed detail per status (Tomcat's messages quote the
 * request). A request the server cannot read is the client's error: Tomcat's 501 (a transfer coding
 * other than chunked) and 505 (an HTTP version other than 1.0 and 1.1) become 400, so that no client can
 * make the service answer 5xx by what it sends. Installed by {@link TomcatStrictness}.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {
  public ProblemErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int code = response.getStatus();
    // As Tomcat's own: nothing for a non-error, nothing when a body was written (Spring's error path
    // wrote one), and only once.
    if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
    String detail;
    HttpStatus status;
    if (code == 501) {
      status = HttpStatus.BAD_REQUEST;
      detail = "unsupported Transfer-Encoding: only chunked is accepted";
    } else if (code == 505) {
      status = HttpStatus.BAD_REQUEST;
      detail = "unsupported HTTP version: HTTP/1.1 and HTTP/1.0 are accepted";
    } else {
      HttpStatus resolved = HttpStatus.resolve(code);
      status = resolved == null ? HttpStatus.BAD_REQUEST : resolved;
      detail = ProblemErrorController.detail(status);
    }
    String type = status == HttpStatus.INTERNAL_SERVER_ERROR ? "internal-error" : null;
    if (status == HttpStatus.INTERNAL_SERVER_ERROR) detail = "the request failed unexpectedly; the error was logged";
    try {
      response.setStatus(status.value());
      // What Tomcat refuses itself it also hangs up on (an unsupported Expect: 417 included): say so, so that
      // a client does not send its next request down a connection about to close.
      response.setHeader("Connection", "close");
      response.setContentType(ProblemJson.MEDIA_TYPE);
      response.setCharacterEncoding("UTF-8");
      PrintWriter writer = response.getReporter();
      if (writer != null) {
        writer.write(ProblemJson.json(ProblemJson.of(status, type, detail)));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the response unusable: nothing more can be said.
    }
  }
}
