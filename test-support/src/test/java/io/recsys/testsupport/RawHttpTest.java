package io.recsys.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RawHttp} against a one-connection server that answers with canned bytes. */
class RawHttpTest {
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) server.close();
  }

  /** Accepts one connection, reads the request head, answers {@code answer} and then closes it or not. */
  private CompletableFuture<String> serveOnce(String answer, boolean closeAfter) throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        String head = readHead(s.getInputStream());
        s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        if (!closeAfter) Thread.sleep(3_000);
        return head;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) break;
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void sendsTheExactBytesAndReadsALengthDelimitedBody() throws Exception {
    CompletableFuture<String> seen = serveOnce("HTTP/1.1 404 \r\nContent-Type: application/problem+json\r\nContent-Length: 2\r\n\r\n{}", true);
    try (RawHttp c = RawHttp.connect(server.getLocalPort())) {
      RawHttp.Response r = c.exchange("GET /a%00b HTTP/1.1\r\nX: \u00ff\r\n\r\n");
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.mediaType()).isEqualTo("application/problem+json");
      assertThat(r.text()).isEqualTo("{}");
    }
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("GET /a%00b HTTP/1.1\r\nX: \u00ff\r\n\r\n");
  }

  @Test
  void readsChunkedBodiesAndSkipsInterimAnswers() throws Exception {
    serveOnce("HTTP/1.1 100 \r\n\r\nHTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n", true);
    try (RawHttp c = RawHttp.connect(server.getLocalPort())) {
      RawHttp.Response r = c.exchange("POST / HTTP/1.1\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("abcde");
    }
  }

  @Test
  void aHeadAnswerHasNoBodyAndACloseDelimitedOneEndsAtTheClose() throws Exception {
    serveOnce("HTTP/1.1 200 \r\nContent-Length: 10\r\n\r\nHTTP/1.0 200 OK\r\n\r\nuntil the end", true);
    try (RawHttp c = RawHttp.connect(server.getLocalPort())) {
      assertThat(c.exchange("HEAD / HTTP/1.1\r\n\r\n").body()).isEmpty();
      RawHttp.Response r = c.read();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.0 200 OK");
      assertThat(r.text()).isEqualTo("until the end");
    }
  }

  @Test
  void aConnectionClosedWithoutAnswerIsAnEndOfStream() throws Exception {
    serveOnce("", true);
    try (RawHttp c = RawHttp.connect(server.getLocalPort())) {
      assertThatThrownBy(() -> c.exchange("GET / HTTP/1.1\r\n\r\n")).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void awaitCloseTellsAClosedConnectionFromAnOpenOne() throws Exception {
    serveOnce("HTTP/1.1 408 \r\n\r\n", true);
    try (RawHttp c = RawHttp.connect(server.getLocalPort())) {
      c.write("GET / HTTP/1.1\r\n\r\n");
      assertThat(new String(c.awaitClose(Duration.ofSeconds(5)), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 408");
    }
    server.close();
    serveOnce("", false); // answers nothing and keeps the connection for 3 s
    try (RawHttp c = RawHttp.connect(server.getLocalPort())) {
      c.write("GET / HTTP/1.1\r\n\r\n");
      assertThatThrownBy(() -> c.awaitClose(Duration.ofMillis(300))).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("still open");
    }
  }

  @Test
  void printableShowsControlBytes() {
    assertThat(RawHttp.printable("GET /\u0000 HTTP/1.1\r\n\u00ff")).isEqualTo("GET /\\x00 HTTP/1.1\\r\\n\\xFF");
  }
}
