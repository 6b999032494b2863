package io.recsys.starter.serve;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Runs a service in the foreground the way every {@code ./recsys serve <service>} does: starts the
 * application with the {@link ServeOptions}, prints one start line that says where it really listens
 * ({@code <name> listening on http://127.0.0.1:8080}, the bound address, not a guess; plus the
 * management port when it has its own), and waits until the application is closed (Ctrl-C, SIGTERM).
 *
 * <pre>{@code
 * @Command(name = "serve ranking", mixinStandardHelpOptions = true)
 * final class ServeCommand implements Callable<Integer> {
 *   @Mixin ServeOptions serve;
 *   public Integer call() throws InterruptedException {
 *     return ServiceRunner.run("ranking", RankingApplication.builder(), serve, ctx -> null);
 *   }
 * }
 * }</pre>
 */
public final class ServiceRunner {
  private ServiceRunner() {}

  /**
   * Starts the service, prints its start line (with {@code details(context)} in brackets when not
   * null), and returns 0 once it has been closed.
   */
  public static int run(String name, SpringApplicationBuilder application, ServeOptions options,
      Function<ConfigurableApplicationContext, String> details, String... extraArguments) throws InterruptedException {
    List<String> args = new ArrayList<>(options.springArguments());
    args.addAll(List.of(extraArguments));
    CountDownLatch closed = new CountDownLatch(1);
    ConfigurableApplicationContext ctx = application.listeners(e -> {
      if (e instanceof ContextClosedEvent) closed.countDown();
    }).run(args.toArray(String[]::new));
    System.out.println(startLine(name, ctx, details.apply(ctx)));
    System.out.flush();
    closed.await();
    return 0;
  }

  /** {@code <name> listening on http://<bound address>:<port>[, management on http://...][ (details)]}. */
  public static String startLine(String name, ConfigurableApplicationContext ctx, String details) {
    WebServer server = ((WebServerApplicationContext) ctx).getWebServer();
    StringBuilder line = new StringBuilder(name).append(" listening on ").append(url(server));
    String managementPort = ctx.getEnvironment().getProperty("local.management.port");
    if (managementPort != null && !managementPort.equals(Integer.toString(server.getPort()))) {
      String address = ctx.getEnvironment().getProperty("management.server.address");
      line.append(", management on http://").append(host(address == null || address.isBlank() ? null : address)).append(':').append(managementPort);
    }
    if (details != null) line.append(" (").append(details).append(')');
    return line.toString();
  }

  /** {@code http://<address>:<port>} of the server's connector: the address it is bound to. */
  public static String url(WebServer server) {
    InetAddress bound = null;
    if (server instanceof TomcatWebServer tomcat) {
      Connector connector = tomcat.getTomcat().getConnector();
      if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) bound = protocol.getAddress();
    }
    return "http://" + host(bound) + ":" + server.getPort();
  }

  private static String host(String address) {
    try {
      return host(address == null ? null : InetAddress.getByName(address));
    } catch (java.net.UnknownHostException e) {
      return address;
    }
  }

  /** The literal address, IPv6 in brackets; every interface (no address) as 0.0.0.0. */
  private static String host(InetAddress address) {
    if (address == null || address.isAnyLocalAddress()) return address instanceof Inet6Address ? "[::]" : "0.0.0.0";
    String literal = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + literal + "]" : literal;
  }
}
