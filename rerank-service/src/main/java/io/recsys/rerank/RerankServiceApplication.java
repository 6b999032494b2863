package io.recsys.rerank;

import io.recsys.rerank.api.RerankRequestParser;
import io.recsys.rerank.config.RerankProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The re-rank service: {@code POST /internal/rerank} turns the ranker's ordered list into a slate
 * (diversity, business rules, in-slate Thompson sampling) and says with which probability each item
 * was shown at its slot. Reads item embeddings, categories, counts and the user's history from the
 * feature store. Started by {@link ServeCommand} ({@code ./recsys serve rerank-service}); settings file
 * {@code rerank-service.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RerankServiceApplication {
  public static final String CONFIG_NAME = "rerank-service";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(RerankServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  @Bean
  RerankRequestParser rerankRequestParser(RerankProperties p) {
    return new RerankRequestParser(p.maxItems(), p.maxSlateSize());
  }

  public static void main(String[] args) {
    ServeCommand.main(args);
  }
}
