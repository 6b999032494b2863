package io.recsys.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal RESP2 client for the test harness itself (ping, flush, shutdown), so that managing the
 * server never depends on the Lettuce code under test. One command per connection; not thread-safe.
 */
final class RespClient {
  private RespClient() {}

  /** Sends one command and returns the reply as text (errors throw). */
  static String call(String host, int port, int timeoutMillis, String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream cmd = new ByteArrayOutputStream();
      cmd.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        cmd.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        cmd.writeBytes(b);
        cmd.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(cmd.toByteArray());
      out.flush();
      return reply(new BufferedInputStream(s.getInputStream()));
    }
  }

  /** True when a server answers PING on this port. */
  static boolean ping(String host, int port) {
    try {
      return "PONG".equals(call(host, port, 500, "PING"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String reply(InputStream in) throws IOException {
    String line = line(in);
    if (line.isEmpty()) throw new IOException("empty reply");
    return switch (line.charAt(0)) {
      case '+', ':' -> line.substring(1);
      case '-' -> throw new IOException("Redis error: " + line.substring(1));
      case '$' -> {
        int len = Integer.parseInt(line.substring(1));
        if (len < 0) yield null;
        byte[] b = in.readNBytes(len + 2);
        yield new String(b, 0, len, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int n = Integer.parseInt(line.substring(1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : "\n").append(reply(in));
        yield sb.toString();
      }
      default -> throw new IOException("unexpected RESP reply: " + line);
    };
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      b.write(c);
    }
    if (c == -1 && b.size() == 0) throw new IOException("connection closed by Redis");
    return b.toString(StandardCharsets.UTF_8);
  }
}
