package io.recsys.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports, for servers a test starts itself (a redis-server, a container, a service process)
 * and must know the address of before they run. The operating system picks an ephemeral port that
 * nothing listens on, on any interface (a wildcard bind, the strictest check: a container publishes
 * its port on every interface); nothing stops another process from taking it before the
 * test's server binds it, but a port is never handed out twice by one JVM, so a test that asks for
 * two ports before starting either server gets two different ones.
 */
public final class FreePorts {
  private static final int ATTEMPTS = 50;
  private static final Set<Integer> handedOut = new HashSet<>();

  private FreePorts() {}

  /** A TCP port that was free a moment ago and that this JVM has not handed out before. */
  public static synchronized int next() {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = ephemeralPort();
      if (handedOut.add(port)) return port;
    }
    throw new IllegalStateException("no free TCP port found in " + ATTEMPTS + " attempts (handed out so far: " + handedOut.size() + ")");
  }

  private static int ephemeralPort() {
    try (ServerSocket s = new ServerSocket()) {
      // Let the test's server bind the port at once, even while this socket lingers in TIME_WAIT.
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(0), 1);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a socket to find a free TCP port", e);
    }
  }
}
