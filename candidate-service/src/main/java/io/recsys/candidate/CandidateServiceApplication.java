package io.recsys.candidate;

import io.recsys.candidate.api.CandidatesRequestParser;
import io.recsys.candidate.config.CandidateProperties;
import io.recsys.candidate.retrieve.UserStateReader;
import io.recsys.featurestore.store.FeatureStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The candidate service: {@code POST /internal/candidates} over the published candidate bundle
 * (hot-swapped), reading users from the feature store. Started by {@link ServeCommand}
 * ({@code ./recsys serve candidate-service}). Its settings file is {@code candidate-service.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CandidateServiceApplication {
  public static final String CONFIG_NAME = "candidate-service";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(CandidateServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  @Bean
  UserStateReader userStateReader(FeatureStore store, CandidateProperties p, Clock clock) {
    return new UserStateReader(store, p.historyLimit(), p.seenLimit(), clock);
  }

  @Bean
  CandidatesRequestParser candidatesRequestParser(CandidateProperties p) {
    return new CandidatesRequestParser(p.defaultCount(), p.maxCount(), p.maxExcluded());
  }

  public static void main(String[] args) {
    ServeCommand.main(args);
  }
}
