package io.recsys.featurestore.ingest;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.featurestore.ingest.config.IngestConfiguration.RedisEndpoint;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./recsys serve feature-store [--port P]}: runs the service until it is stopped (Ctrl-C, SIGTERM). */
@Command(name = "serve feature-store", mixinStandardHelpOptions = true,
    description = {"Runs the feature-store service: POST /v1/events, GET /v1/users/{id}/history, "
        + "DELETE /v1/users/{id}, /actuator/health/{liveness,readiness}, /actuator/prometheus.",
        "Uses the Redis in REDIS_URL, or starts an embedded redis-server (AOF on) in data/redis.",
        "API keys: RECSYS_API_KEY (X-API-Key on every /v1 call), RECSYS_ADMIN_KEY (erasure)."})
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "P", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one)")
  int port = 8080;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setExecutionExceptionHandler(new CliErrorHandler());
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be between 0 and 65535: " + port);
    CountDownLatch closed = new CountDownLatch(1);
    ConfigurableApplicationContext ctx = FeatureStoreApplication.builder()
        .listeners(e -> {
          if (e instanceof ContextClosedEvent) closed.countDown();
        })
        .run("--server.port=" + port);
    int actual = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    System.out.println("feature-store listening on http://localhost:" + actual + " (" + ctx.getBean(RedisEndpoint.class).describe() + ")");
    System.out.flush();
    closed.await();
    return 0;
  }
}
