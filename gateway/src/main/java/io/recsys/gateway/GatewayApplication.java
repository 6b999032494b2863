package io.recsys.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The gateway: the platform's public API. {@code /v1/recommendations} runs the cascade (candidates →
 * rank → rerank) under per-stage budgets with the degradation ladder; events, histories and erasure are
 * routed to the feature store; A/B variants are assigned per user and reported. Started by
 * {@code ServeCommand} ({@code ./recsys serve gateway}); settings file {@code gateway.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
  public static final String CONFIG_NAME = "gateway";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }
}
