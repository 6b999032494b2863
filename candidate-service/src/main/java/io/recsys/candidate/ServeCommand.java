package io.recsys.candidate;

import io.recsys.candidate.config.CandidateProperties;
import io.recsys.candidate.model.CandidateModel;
import io.recsys.core.artifact.ServingArtifact;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.starter.serve.ServeOptions;
import io.recsys.starter.serve.ServiceRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./recsys serve candidate-service [--port P] [--bind ADDR]}: runs the service until stopped. */
@Command(name = "serve candidate-service", mixinStandardHelpOptions = true,
    description = {"Runs the candidate service: POST /internal/candidates (internal key), probes, /actuator/prometheus.",
        "Serves the candidate-bundle published by ./recsys train under RECSYS_ARTIFACTS (default ./artifacts), hot-swapping new versions.",
        "Reads users from the Redis in REDIS_URL (without it every user is served cold).",
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
    return ServiceRunner.run("candidate-service", CandidateServiceApplication.builder(), serve, ctx -> {
      @SuppressWarnings("unchecked")
      ServingArtifact<CandidateModel> m = ctx.getBean(ServingArtifact.class);
      return "model " + m.current().version().name() + " (" + m.current().value().catalog().size() + " items), artefacts "
          + ctx.getBean(CandidateProperties.class).artifacts().toAbsolutePath();
    });
  }
}
