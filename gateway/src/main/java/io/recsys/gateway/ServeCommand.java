package io.recsys.gateway;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.gateway.config.GatewayProperties;
import io.recsys.starter.serve.ServeOptions;
import io.recsys.starter.serve.ServiceRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./recsys serve gateway [--port P] [--bind ADDR]}: runs the gateway until stopped. */
@Command(name = "serve gateway", mixinStandardHelpOptions = true,
    description = {"Runs the gateway: the public API (/v1/recommendations, /v1/events, /v1/items/{id}, /v1/users/{id}/history,",
        "DELETE /v1/users/{id}, /v1/experiments), probes, /actuator/prometheus, OpenAPI at /v3/api-docs.",
        "Downstream URLs from RECSYS_GATEWAY_CANDIDATES_URL, RECSYS_GATEWAY_RANKING_URL, RECSYS_GATEWAY_RERANK_URL and",
        "RECSYS_GATEWAY_FEATURE_STORE_URL; Redis from REDIS_URL; experiments from RECSYS_GATEWAY_EXPERIMENTS_FILE.",
        "Listens on 127.0.0.1 unless --bind or RECSYS_BIND says otherwise."})
public final class ServeCommand implements Callable<Integer> {
  @Mixin ServeOptions serve = new ServeOptions();

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setExecutionExceptionHandler(new CliErrorHandler());
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    return ServiceRunner.run("gateway", GatewayApplication.builder(), serve, ctx -> {
      GatewayProperties p = ctx.getBean(GatewayProperties.class);
      return "candidates " + or(p.candidates().url()) + ", ranking " + or(p.ranking().url()) + ", rerank " + or(p.rerank().url())
          + ", feature store " + or(p.featureStoreUrl()) + "; request budget " + p.requestBudget().toMillis() + " ms";
    });
  }

  private static String or(String url) {
    return url == null || url.isBlank() ? "(not set)" : url;
  }
}
