package io.recsys.starter.tomcat;

import io.recsys.starter.http.HttpProperties;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * What the starter changes in Tomcat:
 *
 * <ul>
 *   <li>its error reports are problem details ({@link ProblemErrorReportValve} in place of the HTML one,
 *       and of the one Boot adds);
 *   <li>the connector is {@link HeaderDeadlineProtocol}: the request head must arrive within
 *       {@code recsys.http.header-timeout};
 *   <li>each read of a request body waits at most {@code recsys.http.body-read-timeout}
 *       ({@code connectionUploadTimeout}; Tomcat's default waits {@code connectionTimeout});
 *   <li>what is left of a body the application did not read is read within the body deadline or not
 *       at all ({@link BodyDrainValve}): no client keeps a connection by trickling a body after its
 *       answer.
 * </ul>
 *
 * Runs after Boot's own Tomcat customizer, so that it replaces what that one installed.
 */
public class TomcatStrictness implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
  private final HttpProperties http;

  public TomcatStrictness(HttpProperties http) {
    this.http = http;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> useProblemReports(context.getParent()));
    factory.addContextValves(new BodyDrainValve(http.bodyTimeout()));
    factory.setProtocol(HeaderDeadlineProtocol.class.getName());
    factory.addProtocolHandlerCustomizers(protocol -> {
      if (protocol instanceof HeaderDeadlineProtocol p) p.setHeaderTimeout(http.headerTimeout().toMillis());
      if (protocol instanceof AbstractHttp11Protocol<?> p) {
        p.setDisableUploadTimeout(false);
        p.setConnectionUploadTimeout(Math.toIntExact(http.bodyReadTimeout().toMillis()));
      }
    });
  }

  private static void useProblemReports(Container host) {
    // The host would add its default valve at start unless one of this class is there already.
    if (host instanceof StandardHost standardHost) standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
    Pipeline pipeline = host.getPipeline();
    for (Valve v : pipeline.getValves()) {
      if (v instanceof ErrorReportValve && !(v instanceof ProblemErrorReportValve)) pipeline.removeValve(v);
    }
    for (Valve v : pipeline.getValves()) {
      if (v instanceof ProblemErrorReportValve) return;
    }
    pipeline.addValve(new ProblemErrorReportValve());
  }
}
