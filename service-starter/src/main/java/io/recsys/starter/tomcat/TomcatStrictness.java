package io.recsys.starter.tomcat;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * What the starter changes in Tomcat: its error reports are problem details
 * ({@link ProblemErrorReportValve} in place of the HTML one, and of the one Boot adds). Runs after
 * Boot's own Tomcat customizer, so that it replaces what that one installed.
 */
public class TomcatStrictness implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> useProblemReports(context.getParent()));
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
