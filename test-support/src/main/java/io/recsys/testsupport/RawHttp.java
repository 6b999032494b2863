package io.recsys.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.1 client over one TCP connection that writes exactly the bytes it is given: malformed
 * request lines, raw control characters, duplicate or oversized headers, broken chunking, a body that
 * stops half-way. {@code java.net.http} normalises or refuses all of these, so tests of how a server
 * answers hostile input use this instead. It reads what comes back as HTTP/1.1 responses (status line,
 * headers, a body framed by {@code Content-Length}, chunked, or up to the close), skipping interim
 * {@code 1xx} answers. Not thread-safe: one connection, one test thread.
 */
public final class RawHttp implements AutoCloseable {
  /** How long a read waits for the server unless told otherwise. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_LINE = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** A connection to {@code port} on the loopback address, reads waiting {@link #DEFAULT_READ_TIMEOUT}. */
  public static RawHttp connect(int port) {
    return connect(InetAddress.getLoopbackAddress(), port, DEFAULT_READ_TIMEOUT);
  }

  public static RawHttp connect(InetAddress host, int port, Duration readTimeout) {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), 5_000);
      s.setSoTimeout(Math.toIntExact(Math.max(1, readTimeout.toMillis())));
      return new RawHttp(s);
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
    }
  }

  /** How long each read waits from now on. */
  public RawHttp readTimeout(Duration timeout) {
    try {
      socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
      return this;
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes these characters as ISO-8859-1 bytes (one byte per char: {@code \u00ff} is byte 0xFF), and flushes. */
  public RawHttp write(String latin1) throws IOException {
    return write(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes these bytes and flushes. */
  public RawHttp write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Writes the request and reads one response ({@code HEAD}: without a body). */
  public Response exchange(String latin1) throws IOException {
    write(latin1);
    return read(latin1.regionMatches(true, 0, "HEAD ", 0, 5));
  }

  /** One response with a body. */
  public Response read() throws IOException {
    return read(false);
  }

  /**
   * The next response, interim {@code 1xx} ones skipped; {@code head}: the answer to a {@code HEAD},
   * which has no body whatever its headers say.
   *
   * @throws EOFException the server closed the connection before a whole response arrived
   * @throws SocketTimeoutException nothing (more) arrived within the read timeout
   */
  public Response read(boolean head) throws IOException {
    long start = System.nanoTime();
    while (true) {
      String statusLine = line(true);
      if (statusLine == null) throw new EOFException("the server closed the connection without an answer");
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (String h = line(false); !h.isEmpty(); h = line(false)) {
        int colon = h.indexOf(':');
        if (colon <= 0) throw new IOException("malformed response header line: " + printable(h));
        headers.add(Map.entry(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
      }
      int status = status(statusLine);
      if (status >= 100 && status < 200) continue; // interim (100 Continue): the real answer follows
      Response partial = new Response(statusLine, status, List.copyOf(headers), new byte[0], Duration.ZERO);
      byte[] body;
      if (head || status == 204 || status == 304) body = new byte[0];
      else if (partial.header("Transfer-Encoding").map(te -> te.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) body = chunked();
      else if (partial.header("Content-Length").isPresent()) body = exactly(Long.parseLong(partial.header("Content-Length").get()));
      else body = untilClose();
      return new Response(statusLine, status, List.copyOf(headers), body, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Reads and drops whatever comes until the server closes the connection (an end of stream or a
   * reset), waiting at most {@code within}. What was received is returned; empty when the server closed
   * without a word.
   *
   * @throws SocketTimeoutException the connection was still open after {@code within}
   */
  public byte[] awaitClose(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int previousTimeout = socket.getSoTimeout();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new SocketTimeoutException("still open after " + within.toMillis() + " ms; received: " + printable(got.toByteArray()));
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          continue; // the deadline check above decides
        } catch (SocketException reset) {
          return got.toByteArray(); // closed with a reset: closed all the same
        }
        if (n < 0) return got.toByteArray();
        got.write(buf, 0, n);
      }
    } finally {
      if (!socket.isClosed()) socket.setSoTimeout(previousTimeout);
    }
  }

  /** Whether this side has not closed the socket. (Whether the server has closed shows on the next read.) */
  public boolean isOpen() {
    return !socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to do with it
    }
  }

  private static int status(String statusLine) throws IOException {
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP status line: " + printable(statusLine));
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status line: " + printable(statusLine), e);
    }
  }

  /** One line without its CRLF (a bare LF is taken too); null at the end of the stream if {@code eofOk} and nothing was read. */
  private String line(boolean eofOk) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c;
      try {
        c = in.read();
      } catch (SocketException reset) {
        c = -1;
      }
      if (c < 0) {
        if (eofOk && b.size() == 0) return null;
        throw new EOFException("the connection closed in the middle of a line: " + printable(b.toByteArray()));
      }
      if (c == '\n') break;
      b.write(c);
      if (b.size() > MAX_LINE) throw new IOException("a response line longer than " + MAX_LINE + " bytes");
    }
    byte[] bytes = b.toByteArray();
    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
  }

  private byte[] exactly(long length) throws IOException {
    if (length < 0 || length > Integer.MAX_VALUE - 8) throw new IOException("unusable Content-Length: " + length);
    byte[] b = in.readNBytes((int) length);
    if (b.length < length) throw new EOFException("the body ended after " + b.length + " of " + length + " bytes");
    return b;
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(false);
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
      if (size == 0) {
        while (!line(false).isEmpty()) {
          // trailer fields: not used
        }
        return body.toByteArray();
      }
      body.write(exactly(size));
      if (!line(false).isEmpty()) throw new IOException("a chunk not followed by CRLF");
    }
  }

  private byte[] untilClose() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (SocketException reset) {
        n = -1;
      }
      if (n < 0) return b.toByteArray();
      b.write(buf, 0, n);
    }
  }

  /** The bytes as readable text: printable ASCII as is, CR and LF as {@code \r} and {@code \n}, the rest as {@code \xNN}. */
  public static String printable(byte[] bytes) {
    StringBuilder s = new StringBuilder(bytes.length + 16);
    for (byte x : bytes) {
      int c = x & 0xFF;
      if (c == '\r') s.append("\\r");
      else if (c == '\n') s.append("\\n");
      else if (c == '\\') s.append("\\\\");
      else if (c >= 0x20 && c < 0x7F) s.append((char) c);
      else s.append(String.format(Locale.ROOT, "\\x%02X", c));
    }
    return s.toString();
  }

  /** {@link #printable(byte[])} of the ISO-8859-1 bytes of these characters. */
  public static String printable(String latin1) {
    return printable(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * A response as it came: the status line, every header in order (names as sent), the body (after
   * de-chunking), and the time from the read call to its last byte.
   */
  public record Response(String statusLine, int status, List<Map.Entry<String, String>> headers, byte[] body, Duration elapsed) {
    /** The first value of this header (names compared ignoring case). */
    public Optional<String> header(String name) {
      return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** Every value of this header, in order. */
    public List<String> headers(String name) {
      return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    /** The media type of {@code Content-Type} without parameters, lower case; empty when there is none. */
    public String mediaType() {
      return header("Content-Type").map(ct -> ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
    }

    /** The body decoded as UTF-8. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the server said it closes the connection after this response. */
    public boolean closes() {
      return headers("Connection").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(statusLine);
      for (Map.Entry<String, String> h : headers) s.append("\\r\\n").append(h.getKey()).append(": ").append(h.getValue());
      return s.append("\\r\\n\\r\\n").append(printable(body.length > 2000 ? java.util.Arrays.copyOf(body, 2000) : body)).toString();
    }
  }
}
