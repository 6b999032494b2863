package io.recsys.featurestore.ingest;

import io.recsys.core.cli.CliErrorHandler;
import io.recsys.featurestore.ingest.config.EmbeddedRedisServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./recsys redis [--port P] [--dir D]}: the redis-server binary shipped in embedded-redis, in the
 * foreground until stopped (Ctrl-C, SIGTERM: Redis is shut down cleanly, its append-only file synced).
 * For trying the platform without a Redis of one's own; {@code ./recsys demo} starts one this way.
 */
@Command(name = "redis", mixinStandardHelpOptions = true,
    description = {"Runs an embedded redis-server (6.2.6, from the embedded-redis jar) on 127.0.0.1 until stopped.",
        "Append-only file on (appendfsync everysec); data in --dir, kept across restarts."})
public final class EmbeddedRedisCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "6379", description = "port (0 = a free one; default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--dir", defaultValue = "data/redis", description = "data directory (default ${DEFAULT-VALUE})")
  Path dir;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new EmbeddedRedisCommand());
    cli.setExecutionExceptionHandler(new CliErrorHandler());
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 0..65535: " + port);
    EmbeddedRedisServer server = new EmbeddedRedisServer(dir, port, "everysec");
    server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "redis-shutdown"));
    System.out.println("redis listening on " + server.uri() + " (" + server.describe() + ")");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
