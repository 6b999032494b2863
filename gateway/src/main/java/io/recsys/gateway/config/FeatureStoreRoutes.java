package io.recsys.gateway.config;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.rewritePath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.recsys.gateway.cascade.StageClient;
import io.recsys.starter.problem.Problems;
import io.recsys.starter.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Spring Cloud Gateway routes to the feature store: {@code GET /v1/users/{id}/history} and
 * {@code DELETE /v1/users/{id}} (erasure; the admin key is checked here first) are proxied to the
 * store's {@code /internal/…} twins with the internal key in place of the caller's. A store that
 * cannot be reached is a 503 problem with {@code Retry-After}, never the proxy's stack trace or the
 * store's host name.
 */
@Configuration(proxyBeanMethods = false)
public class FeatureStoreRoutes {
  private static final Logger log = LoggerFactory.getLogger(FeatureStoreRoutes.class);

  @Bean
  RouterFunction<ServerResponse> featureStoreRouter(GatewayProperties p, SecurityProperties keys) {
    if (p.featureStoreUrl().isBlank()) {
      log.warn("recsys.gateway.feature-store-url is not set: /v1/events, /v1/users/{id}/history and erasure answer 503");
      return route("feature-store-missing").GET("/v1/users/{userId}/history", r -> unavailable("the feature store is not configured"))
          .DELETE("/v1/users/{userId}", r -> unavailable("the feature store is not configured")).build();
    }
    String store = p.featureStoreUrl();
    String key = keys.internalKey();
    return route("user-history").GET("/v1/users/{userId}/history", http())
        .before(uri(store)).before(rewritePath("^/v1/users/", "/internal/users/")).before(setRequestHeader(StageClient.KEY_HEADER, key))
        .onError(Exception.class, (e, r) -> failed(e))
        .build()
        .and(route("user-erasure").DELETE("/v1/users/{userId}", http())
            .before(uri(store)).before(rewritePath("^/v1/users/", "/internal/users/")).before(setRequestHeader(StageClient.KEY_HEADER, key))
            .onError(Exception.class, (e, r) -> failed(e))
            .build());
  }

  private static ServerResponse failed(Throwable e) {
    log.warn("feature store route failed: {}", e.toString());
    return unavailable("the feature store could not be reached; retry later");
  }

  static ServerResponse unavailable(String detail) {
    ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "feature-store-unavailable", "Feature store unavailable", detail);
    return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
