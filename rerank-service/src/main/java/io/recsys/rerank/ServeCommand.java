package io.recsys.rerank;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.rerank.config.RerankProperties;
import io.recsys.starter.serve.ServeOptions;
import io.recsys.starter.serve.ServiceRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./recsys serve rerank-service [--port P] [--bind ADDR]}: runs the service until stopped. */
@Command(name = "serve rerank-service", mixinStandardHelpOptions = true,
    description = {"Runs the re-rank service: POST /internal/rerank (internal key), probes, /actuator/prometheus.",
        "Diversity (MMR or DPP), business rules and in-slate Thompson sampling over the ranker's calibrated probabilities.",
        "Reads item embeddings, categories, counts and user histories from the Redis in REDIS_URL (without it: no diversity by embedding, no seen filter).",
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
    return ServiceRunner.run("rerank-service", RerankServiceApplication.builder(), serve, ctx -> {
      RerankProperties p = ctx.getBean(RerankProperties.class);
      return "slate size up to " + p.maxSlateSize() + ", default policy " + p.policy().diversity().name().toLowerCase(java.util.Locale.ROOT)
          + (p.policy().explore() ? " + Thompson sampling" : "");
    });
  }
}
