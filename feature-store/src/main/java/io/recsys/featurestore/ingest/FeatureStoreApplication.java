package io.recsys.featurestore.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The feature-store service: event ingestion ({@code POST /v1/events}) into a Redis Stream, consumer
 * workers that keep the real-time features fresh, the real-time history and erasure endpoints, and the
 * actuator probes and metrics. Started by {@link ServeCommand} ({@code ./recsys serve feature-store}).
 *
 * <p>Its settings file is {@code feature-store.yml} (not {@code application.yml}), so that a service
 * that has this module on its classpath as a library never picks it up by accident.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FeatureStoreApplication {
  public static final String CONFIG_NAME = "feature-store";

  /** A builder with the service's settings file; callers add properties and run it. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(FeatureStoreApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    ServeCommand.main(args);
  }
}
