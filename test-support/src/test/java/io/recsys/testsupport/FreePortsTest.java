package io.recsys.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void aHandedOutPortCanBeBoundAtOnce() throws IOException {
    int port = FreePorts.next();
    assertThat(port).isBetween(1, 65535);
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port));
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void neverHandsOutTheSamePortTwice() {
    // Nothing binds these ports in between: the operating system would offer some of them again.
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 200; i++) assertThat(ports.add(FreePorts.next())).as("port handed out twice").isTrue();
  }
}
