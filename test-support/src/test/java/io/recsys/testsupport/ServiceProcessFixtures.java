package io.recsys.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Tiny mains that {@link ServiceProcessTest} starts as real child processes. */
public final class ServiceProcessFixtures {
  private ServiceProcessFixtures() {}

  /**
   * An HTTP server on the port given as the first argument: {@code /ready} and {@code /greeting} answer
   * 503 for the first 700 ms (a service still warming up), then 200, {@code /greeting} with the
   * {@code GREETING} environment variable as its body.
   */
  public static final class WarmingUpHttpServer {
    public static void main(String[] args) throws IOException {
      long readyAt = System.nanoTime() + 700_000_000L;
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
      server.createContext("/ready", exchange -> answer(exchange, System.nanoTime() >= readyAt ? 200 : 503, "ready"));
      server.createContext("/greeting", exchange ->
          answer(exchange, System.nanoTime() >= readyAt ? 200 : 503, String.valueOf(System.getenv("GREETING"))));
      server.start();
      System.out.println("listening on " + args[0]);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, b.length);
      try (var out = exchange.getResponseBody()) {
        out.write(b);
      }
    }
  }

  /** Prints its pid, then "ready to serve" after 500 ms, then sleeps until killed. */
  public static final class SlowStarter {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("pid " + ProcessHandle.current().pid());
      System.out.flush();
      Thread.sleep(500);
      System.out.println("ready to serve");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /** Fails at start-up: a message on stderr and exit code 3. */
  public static final class FailingStarter {
    public static void main(String[] args) {
      System.err.println("boom: no configuration found");
      System.exit(3);
    }
  }

  /** Starts a {@link SlowStarter} as its own child, prints "child pid N", then sleeps until killed. */
  public static final class ParentOfAChild {
    public static void main(String[] args) throws IOException, InterruptedException {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), SlowStarter.class.getName())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
      System.out.println("child pid " + child.pid());
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
