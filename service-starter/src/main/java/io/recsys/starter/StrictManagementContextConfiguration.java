package io.recsys.starter;

import io.recsys.starter.http.CorsPolicyFilter;
import io.recsys.starter.http.CorsProperties;
import io.recsys.starter.http.HttpProperties;
import io.recsys.starter.http.ProblemBodyFilter;
import io.recsys.starter.http.StrictPathFilter;
import io.recsys.starter.problem.ProblemErrorController;
import io.recsys.starter.tomcat.TomcatStrictness;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The starter's HTTP strictness on the management port too, when the actuator has a port of its own
 * ({@code RECSYS_MANAGEMENT_PORT}): that port is a second Tomcat in a child context, which gets none of
 * the service's filters or Tomcat customizations. Here: Tomcat's error reports as problems and the
 * timeouts ({@link TomcatStrictness}), strict paths, the CORS policy, and the error path as problems
 * (a filter in front of Boot's management error endpoint, whose JSON is no problem). Registered in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class StrictManagementContextConfiguration {
  @Bean
  TomcatStrictness recsysManagementTomcatStrictness(HttpProperties http) {
    return new TomcatStrictness(http);
  }

  @Bean
  ProblemBodyFilter recsysManagementProblemBodies() {
    return new ProblemBodyFilter();
  }

  @Bean
  StrictPathFilter recsysManagementStrictPaths() {
    return new StrictPathFilter();
  }

  @Bean
  CorsPolicyFilter recsysManagementCorsPolicy(CorsProperties cors) {
    return new CorsPolicyFilter(cors);
  }

  @Bean
  FilterRegistrationBean<HttpFilter> recsysManagementErrorPath() {
    HttpFilter problems = new HttpFilter() {
      @Override
      protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        ProblemErrorController.write(request, response);
      }
    };
    FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(problems);
    registration.addUrlPatterns("/error");
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 60);
    return registration;
  }
}
