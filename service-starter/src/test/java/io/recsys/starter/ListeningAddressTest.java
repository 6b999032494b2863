package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.starter.serve.ServeOptions;
import io.recsys.starter.serve.ServiceRunner;
import io.recsys.starter.testapp.StartedService;
import io.recsys.testsupport.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where a service listens, and what its start line says about it: loopback unless told otherwise, the
 * actuator on a port of its own when asked for (what container images do).
 */
class ListeningAddressTest {
  /** A non-loopback IPv4 address of this machine, if it has one. */
  private static Optional<InetAddress> networkAddress() throws SocketException {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) continue;
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aServiceListensOnLoopbackOnlyUnlessToldOtherwise() throws Exception {
    // It used to listen on every interface while its start line said localhost.
    try (StartedService service = StartedService.withKeys()) {
      String line = ServiceRunner.startLine("test-service", service.context(), "details");
      assertThat(line).isEqualTo("test-service listening on http://127.0.0.1:" + service.port() + " (details)");
      Optional<InetAddress> lan = networkAddress();
      if (lan.isPresent()) assertThat(accepts(lan.get(), service.port())).as("reachable on " + lan.get()).isFalse();
      assertThat(accepts(InetAddress.getLoopbackAddress(), service.port())).isTrue();
    }
  }

  @Test
  void bindMakesItListenWhereItSaysAndTheStartLineSaysWhere() throws Exception {
    // StartedService picks the port itself: only the address argument of the options.
    String[] bind = ServeOptions.of(0, "0.0.0.0").springArguments().stream().filter(a -> a.startsWith("--server.address=")).toArray(String[]::new);
    try (StartedService service = StartedService.withKeys(bind)) {
      assertThat(ServiceRunner.startLine("test-service", service.context(), null))
          .isEqualTo("test-service listening on http://0.0.0.0:" + service.port());
      Optional<InetAddress> lan = networkAddress();
      if (lan.isPresent()) assertThat(accepts(lan.get(), service.port())).as("reachable on " + lan.get()).isTrue();
    }
  }

  @Test
  void serveOptionsRefuseAPortOutOfRangeAndAnAddressThatDoesNotResolve() {
    assertThat(ServeOptions.of(8080, null).springArguments()).containsExactly("--server.port=8080");
    assertThat(ServeOptions.of(0, " ::1 ").springArguments()).containsExactly("--server.port=0", "--server.address=::1");
    assertThatThrownBy(() -> ServeOptions.of(70000, null).springArguments()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
    assertThatThrownBy(() -> ServeOptions.of(1, "no-such-host.invalid").springArguments()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bind");
  }

  @Test
  void withAManagementPortTheActuatorMovesThereAndStaysStrict() throws IOException {
    try (StartedService service = StartedService.withKeys("--RECSYS_MANAGEMENT_PORT=0")) {
      int management = Integer.parseInt(service.context().getEnvironment().getProperty("local.management.port", "-1"));
      assertThat(management).isPositive().isNotEqualTo(service.port());
      assertThat(ServiceRunner.startLine("test-service", service.context(), null)).isEqualTo("test-service listening on http://127.0.0.1:"
          + service.port() + ", management on http://127.0.0.1:" + management);
      Optional<InetAddress> lan = networkAddress();
      if (lan.isPresent()) assertThat(accepts(lan.get(), management)).as("management port on " + lan.get()).isFalse();

      try (RawHttp c = RawHttp.connect(management)) {
        assertThat(c.exchange("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        assertThat(c.exchange("GET /actuator/prometheus HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      }
      // Gone from the service's port.
      assertThat(service.get("/actuator/health/liveness", null).statusCode()).isEqualTo(404);
      // The management port answers problems too, and Tomcat's own refusals there are no HTML.
      for (String request : new String[] {"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", "GET /error HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /actuator/%00 HTTP/1.1\r\nHost: x\r\n\r\n", "GET /actuator/health;x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
          "TRACE /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n"}) {
        try (RawHttp c = RawHttp.connect(management)) {
          RawHttp.Response r = c.exchange(request);
          assertThat(r.status()).as(RawHttp.printable(request) + " -> " + r).isBetween(400, 499);
          assertThat(r.mediaType()).as(RawHttp.printable(request) + " -> " + r).isEqualTo("application/problem+json");
        }
      }
    }
  }
}
