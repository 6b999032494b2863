package io.recsys.featurestore.ingest;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.featurestore.ingest.config.IngestConfiguration.RedisEndpoint;
import io.recsys.starter.serve.ServeOptions;
import io.recsys.starter.serve.ServiceRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./recsys serve feature-store [--port P] [--bind ADDR]}: runs the service until it is stopped
 * (Ctrl-C, SIGTERM), the way every service runs ({@link ServiceRunner}).
 */
@Command(name = "serve feature-store", mixinStandardHelpOptions = true,
    description = {"Runs the feature-store service: POST /v1/events, GET /v1/users/{id}/history, "
        + "DELETE /v1/users/{id}, /actuator/health/{liveness,readiness}, /actuator/prometheus.",
        "Uses the Redis in REDIS_URL, or starts an embedded redis-server (AOF on) in data/redis.",
        "API keys: RECSYS_API_KEY (X-API-Key on every /v1 call), RECSYS_ADMIN_KEY (erasure).",
        "Listens on 127.0.0.1 unless --bind or RECSYS_BIND says otherwise; RECSYS_MANAGEMENT_PORT gives /actuator a port of its own."})
public final class ServeCommand implements Callable<Integer> {
  @Mixin ServeOptions serve = new ServeOptions();

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setExecutionExceptionHandler(new CliErrorHandler());
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    return ServiceRunner.run("feature-store", FeatureStoreApplication.builder(), serve, ctx -> ctx.getBean(RedisEndpoint.class).describe());
  }
}
