package io.recsys.starter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The settings every recsys service shares, added as the lowest-precedence property source
 * ({@value #SOURCE_NAME}): a service's own yml, the environment and command-line arguments all win
 * over them, so a service's settings file stays thin. Registered in {@code META-INF/spring.factories}.
 */
public final class ServiceDefaults implements EnvironmentPostProcessor {
  public static final String SOURCE_NAME = "recsysServiceDefaults";
  /** Where the service listens ({@code server.address}); unset: {@value #DEFAULT_BIND}, this machine only. */
  public static final String ENV_BIND = "RECSYS_BIND";
  public static final String DEFAULT_BIND = "127.0.0.1";
  /** A port of its own for the actuator ({@code management.server.port}); unset: the service's port. */
  public static final String ENV_MANAGEMENT_PORT = "RECSYS_MANAGEMENT_PORT";
  /** Where that port listens ({@code management.server.address}); unset: where the service listens. */
  public static final String ENV_MANAGEMENT_BIND = "RECSYS_MANAGEMENT_BIND";

  /** The defaults, in the order the README lists them. */
  public static Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    // API keys from the platform's environment variables (blank: not configured).
    p.put("recsys.security.api-key", "${RECSYS_API_KEY:}");
    p.put("recsys.security.admin-key", "${RECSYS_ADMIN_KEY:}");
    p.put("recsys.security.internal-key", "${RECSYS_INTERNAL_KEY:}");
    // Loopback unless told otherwise: a service started on a laptop is not on the network. Container
    // images set RECSYS_BIND=0.0.0.0 (and give the actuator a port of its own, see postProcessEnvironment).
    p.put("server.address", "${" + ENV_BIND + ":" + DEFAULT_BIND + "}");
    p.put("spring.main.banner-mode", "off");
    p.put("server.shutdown", "graceful");
    p.put("server.error.include-stacktrace", "never");
    // Tomcat waits 60 s by default for a silent connection and between keep-alive requests: a few
    // hundred idle or slow clients would hold every connection. (The request head and body have
    // deadlines of their own: recsys.http.header-timeout, body-read-timeout, body-timeout.)
    p.put("server.tomcat.connection-timeout", "5s");
    p.put("server.tomcat.keep-alive-timeout", "15s");
    // A malformed request is the client's error: Tomcat's first "Error parsing HTTP request header"
    // of a day comes at INFO with a stack trace; the answer (400 problem) says all there is to say.
    p.put("logging.level.org.apache.coyote.http11.Http11Processor", "WARN");
    // Likewise Spring's WARN line for every unsupported method (405) and unreadable Accept header: a
    // client's error, answered as a problem and counted in the request metrics, not one log line each.
    p.put("logging.level.org.springframework.web.servlet.PageNotFound", "ERROR");
    // The OpenAPI document is served on purpose (it describes the API, holds no data: see the README);
    // springdoc's warning about that on every start would only teach operators to ignore warnings.
    p.put("logging.level.org.springdoc.core.events.SpringDocAppInitializer", "ERROR");
    p.put("logging.level.org.springframework.boot.webmvc.autoconfigure.WelcomePageHandlerMapping", "ERROR");
    // Services serve an API, no files: no static resources under /** (an unknown path is a plain 404).
    p.put("spring.web.resources.add-mappings", "false");
    p.put("management.endpoints.web.exposure.include", "health,prometheus");
    p.put("management.endpoint.health.probes.enabled", "true");
    p.put("management.endpoint.health.group.readiness.include", "readinessState");
    // W3C trace context (traceparent) in and out. No span exporter is on the classpath, so spans are
    // never sent anywhere; sampling only decides whether a span records timing, and unsampled spans
    // still carry their trace id into logs and outgoing calls (and an incoming sampled parent is honoured).
    p.put("management.tracing.propagation.type", "W3C");
    p.put("management.tracing.sampling.probability", "1.0");
    return p;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getPropertySources().contains(SOURCE_NAME)) {
      Map<String, Object> p = properties();
      // Only when asked for: Boot's management port has no "same as the service" value to default to.
      String managementPort = environment.getProperty(ENV_MANAGEMENT_PORT);
      if (managementPort != null && !managementPort.isBlank()) {
        p.put("management.server.port", managementPort.trim());
        p.put("management.server.address", "${" + ENV_MANAGEMENT_BIND + ":${server.address}}");
      }
      environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, p));
    }
  }
}
