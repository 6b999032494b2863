package io.recsys.starter.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of every {@code ./recsys serve <service>} command, as a picocli mixin
 * ({@code @Mixin ServeOptions serve;}): {@code --port P} and {@code --bind ADDR}. Without
 * {@code --bind} the service listens where {@code server.address} says, which the starter sets to
 * {@code RECSYS_BIND} or else {@code 127.0.0.1}: loopback only, until asked for more.
 */
public final class ServeOptions {
  public static final int DEFAULT_PORT = 8080;

  @Option(names = "--port", paramLabel = "P", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one)")
  int port = DEFAULT_PORT;

  @Option(names = "--bind", paramLabel = "ADDR",
      description = "address to listen on (default: RECSYS_BIND if set, else 127.0.0.1, this machine only; 0.0.0.0 for every interface)")
  String bind;

  public ServeOptions() {}

  /** Options as given on a command line (tests). */
  public static ServeOptions of(int port, String bind) {
    ServeOptions o = new ServeOptions();
    o.port = port;
    o.bind = bind;
    return o;
  }

  public int port() {
    return port;
  }

  /** The address asked for, or null for the configured one. */
  public String bind() {
    return bind;
  }

  /**
   * The Spring Boot arguments these options stand for ({@code --server.port}, and
   * {@code --server.address} when {@code --bind} was given: it then wins over every other setting).
   *
   * @throws IllegalArgumentException a port out of range or an address that does not resolve
   */
  public List<String> springArguments() {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be between 0 and 65535: " + port);
    List<String> args = new ArrayList<>(List.of("--server.port=" + port));
    if (bind != null) {
      if (bind.isBlank()) throw new IllegalArgumentException("--bind needs an address, e.g. 127.0.0.1 or 0.0.0.0");
      try {
        InetAddress.getByName(bind.trim());
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("--bind: not an address of this machine: " + bind);
      }
      args.add("--server.address=" + bind.trim());
    }
    return args;
  }
}
