package io.recsys.ranking;

import io.recsys.ranking.api.RankRequestParser;
import io.recsys.ranking.config.RankingProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The ranking service: {@code POST /internal/rank} over the published ranker (hot-swapped), reading
 * user histories and item counters from the feature store. Started by {@link ServeCommand}
 * ({@code ./recsys serve ranking-service}). Its settings file is {@code ranking-service.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RankingServiceApplication {
  public static final String CONFIG_NAME = "ranking-service";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(RankingServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  @Bean
  RankRequestParser rankRequestParser(RankingProperties p) {
    return new RankRequestParser(p.maxCandidates());
  }

  public static void main(String[] args) {
    ServeCommand.main(args);
  }
}
