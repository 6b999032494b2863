package io.recsys.starter;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.starter.http.BodyDeadlineFilter;
import io.recsys.starter.http.CorsPolicyFilter;
import io.recsys.starter.http.CorsProperties;
import io.recsys.starter.http.HttpProperties;
import io.recsys.starter.http.JsonBodyInterceptor;
import io.recsys.starter.http.ProblemBodyFilter;
import io.recsys.starter.http.RequestBodyLimitFilter;
import io.recsys.starter.http.StrictPathFilter;
import io.recsys.starter.openapi.ApiKeyDocumentation;
import io.recsys.starter.problem.ProblemDetailsAdvice;
import io.recsys.starter.problem.ProblemErrorController;
import io.recsys.starter.problem.RejectionListener;
import io.recsys.starter.security.ApiKeyInterceptor;
import io.recsys.starter.security.PublicApiGuard;
import io.recsys.starter.security.SecurityProperties;
import io.recsys.starter.tomcat.TomcatStrictness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What a servlet service gets from the starter: the API-key interceptors on the public and internal
 * paths and the JSON-body rule there, the problem-details advice and error path, the request-body
 * limit, the CORS policy, strict paths, Tomcat's error reports as problems. (Actuator, Prometheus, OpenAPI and
 * tracing come from their own auto-configurations, set up by {@link ServiceDefaults}.) Runs before
 * Spring Boot's web MVC and error auto-configurations so that its optional problem-details handler and
 * its {@code BasicErrorController} back off.
 */
@AutoConfiguration(before = {WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({SecurityProperties.class, HttpProperties.class, CorsProperties.class})
public class ServiceStarterAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ServiceStarterAutoConfiguration.class);

  @Bean
  WebMvcConfigurer recsysApiKeys(SecurityProperties security, ObjectProvider<PublicApiGuard> guards) {
    PublicApiGuard guard = guards.getIfUnique();
    if (guard == null && security.apiKey().isBlank()) {
      String paths = String.join(", ", security.publicPaths().stream().map(p -> p.endsWith("/**") ? p.substring(0, p.length() - 3) : p).toList());
      log.warn("**********************************************************************");
      log.warn("RECSYS_API_KEY is not set: {} is OPEN to anyone who can reach this port.", paths);
      log.warn("Set RECSYS_API_KEY (and RECSYS_ADMIN_KEY for erasure) outside local use.");
      log.warn("**********************************************************************");
    }
    HandlerInterceptor publicKeys = guard != null ? guard : new ApiKeyInterceptor(ApiKeyInterceptor.Zone.PUBLIC, security);
    ApiKeyInterceptor internalKeys = new ApiKeyInterceptor(ApiKeyInterceptor.Zone.INTERNAL, security);
    JsonBodyInterceptor jsonBodies = new JsonBodyInterceptor();
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(internalKeys).addPathPatterns(security.internalPaths());
        registry.addInterceptor(publicKeys).addPathPatterns(security.publicPaths()).excludePathPatterns(security.internalPaths());
        // After the keys: a caller without the right key learns nothing about what the body should be.
        registry.addInterceptor(jsonBodies).addPathPatterns(security.publicPaths()).addPathPatterns(security.internalPaths());
      }
    };
  }

  /** A service replaces the whole of it by declaring its own {@link ResponseEntityExceptionHandler}. */
  @Bean
  @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
  ProblemDetailsAdvice recsysProblemDetailsAdvice(ObjectProvider<MeterRegistry> meters, ObjectProvider<RejectionListener> listeners) {
    return new ProblemDetailsAdvice(meters.getIfAvailable(), listeners.orderedStream().toList());
  }

  /** An error status nobody wrote a body for gets a problem. */
  @Bean
  ProblemBodyFilter recsysProblemBodies() {
    return new ProblemBodyFilter();
  }

  /** A raw {@code ;} in a path would silently cut the id it belongs to: refused. */
  @Bean
  StrictPathFilter recsysStrictPaths() {
    return new StrictPathFilter();
  }

  /** Tomcat's own error reports (malformed requests it refuses itself) as problem details. */
  @Bean
  @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
  TomcatStrictness recsysTomcatStrictness(HttpProperties http) {
    return new TomcatStrictness(http);
  }

  /** The whole request body within {@code recsys.http.body-timeout}, however it trickles: 408 otherwise. */
  @Bean
  BodyDeadlineFilter recsysBodyDeadline(HttpProperties http) {
    return new BodyDeadlineFilter(http.bodyTimeout());
  }

  /** The CORS policy of every path ({@code recsys.http.cors.*}); preflights never reach the key check. */
  @Bean
  @ConditionalOnMissingBean(CorsPolicyFilter.class)
  CorsPolicyFilter recsysCorsPolicy(CorsProperties cors) {
    return new CorsPolicyFilter(cors);
  }

  /** Boot's error path as problem details, in place of its {@code BasicErrorController}. */
  @Bean
  @ConditionalOnMissingBean(ErrorController.class)
  ProblemErrorController recsysErrorController() {
    return new ProblemErrorController();
  }

  /** The key schemes and the starter's answers in the OpenAPI document. */
  @Bean
  @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
  ApiKeyDocumentation recsysApiKeyDocumentation(SecurityProperties security) {
    return new ApiKeyDocumentation(security);
  }

  /** A service that needs a different limit may declare its own {@link RequestBodyLimitFilter}. */
  @Bean
  @ConditionalOnMissingBean(RequestBodyLimitFilter.class)
  RequestBodyLimitFilter recsysRequestBodyLimit(HttpProperties http) {
    return new RequestBodyLimitFilter(http.maxBodySize().toBytes());
  }
}
