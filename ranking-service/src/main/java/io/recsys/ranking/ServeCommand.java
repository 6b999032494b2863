package io.recsys.ranking;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.ranking.config.RankingProperties;
import io.recsys.ranking.serve.ModelRegistry;
import io.recsys.starter.serve.ServeOptions;
import io.recsys.starter.serve.ServiceRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./recsys serve ranking-service [--port P] [--bind ADDR]}: runs the service until stopped. */
@Command(name = "serve ranking-service", mixinStandardHelpOptions = true,
    description = {"Runs the ranking service: POST /internal/rank (internal key), probes, /actuator/prometheus.",
        "Serves the ranker published by ./recsys train under RECSYS_ARTIFACTS (default ./artifacts), hot-swapping new versions.",
        "Reads user histories and item counters from the Redis in REDIS_URL (without it users are scored without history).",
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
    return ServiceRunner.run("ranking-service", RankingServiceApplication.builder(), serve, ctx -> {
      ModelRegistry models = ctx.getBean(ModelRegistry.class);
      return "model " + models.current().version().name() + ", artefacts "
          + ctx.getBean(RankingProperties.class).artifacts().toAbsolutePath();
    });
  }
}
