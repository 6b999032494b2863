package io.recsys.starter.tomcat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * Reads what is left of a request body after the application answered without reading it all (a 401
 * for a POST without a key, a 408, a body refused early), within the request's body deadline. Tomcat
 * would otherwise swallow the rest before it closes or reuses the connection, waiting for each byte
 * as long as the read timeout allows: a client trickling a large body after being answered could hold
 * the connection for hours. Whatever does not arrive by the body deadline (a body answered 408 is late
 * by definition) is not read: the whole answer is sent, with {@code Connection: close}, the client gets
 * a second to read it, and the connection is closed. A quick client loses nothing; its connection stays
 * open for the next request.
 */
public class BodyDrainValve extends ValveBase {
  /** Tomcat's own default of {@code maxSwallowSize}: more is not worth reading to keep a connection. */
  static final long MAX_DRAIN_BYTES = 2L * 1024 * 1024;
  /**
   * How long a client whose body is not read on still gets to read its answer: closing a connection
   * with unread bytes in it resets it, and a reset can make the client drop an answer it has not read.
   */
  static final long GRACE_NANOS = Duration.ofSeconds(1).toNanos();

  private final long bodyTimeoutNanos;

  public BodyDrainValve(Duration bodyTimeout) {
    super(true);
    this.bodyTimeoutNanos = bodyTimeout.toNanos();
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    getNext().invoke(request, response);
    if (request.isAsync()) return;
    try {
      drain(request, response);
    } catch (IOException | RuntimeException e) {
      stopReading(request.getCoyoteRequest()); // the connection is no good for another request
    }
  }

  private void drain(Request request, Response response) throws IOException {
    org.apache.coyote.Request coyote = request.getCoyoteRequest();
    AtomicBoolean fullyRead = new AtomicBoolean(true);
    coyote.action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
    if (fullyRead.get()) return;
    long started = coyote.getStartTimeNanos();
    long deadline = Math.max(started == -1 ? 0 : started + bodyTimeoutNanos, System.nanoTime());
    // Read below the servlet layer: its stream may be closed already (an answer of known length closes
    // it once written), the connection's input is not.
    BodyReader in = new BodyReader(coyote);
    if (response.isError()) {
      // An error the host still renders (sent with sendError): Tomcat closes after it if we stop reading.
      if (!readUntil(in, deadline)) stopReading(coyote);
      return;
    }
    // A body answered 408 is late by definition; any other is read on until its deadline.
    if (response.getStatus() != 408 && readUntil(in, deadline)) return; // all read: the connection serves on
    // Giving up on the body. The whole answer goes out first, then the client gets a grace to read it:
    // closing a connection with unread bytes in it resets it, and a reset can drop what the client has
    // not read yet (the last chunk of a chunked answer, written at the very end, would be lost).
    if (!response.isCommitted()) response.setHeader("Connection", "close");
    response.finishResponse();
    if (!readUntil(in, System.nanoTime() + GRACE_NANOS)) stopReading(coyote);
  }

  /** Reads the body on until its end (true) or until the deadline or the drain limit (false). */
  private static boolean readUntil(BodyReader in, long deadline) throws IOException {
    long drained = 0;
    while (System.nanoTime() < deadline && drained <= MAX_DRAIN_BYTES) {
      int n = in.read();
      if (n < 0) return true;
      drained += n;
    }
    return false;
  }

  /** Reads (and drops) the request body from Tomcat's connection-level request, chunk by chunk. */
  private static final class BodyReader implements ApplicationBufferHandler {
    private final org.apache.coyote.Request request;
    private ByteBuffer buffer = ApplicationBufferHandler.EMPTY_BUFFER;

    BodyReader(org.apache.coyote.Request request) {
      this.request = request;
    }

    /** The number of bytes read, -1 at the end of the body. */
    int read() throws IOException {
      int n = request.doRead(this);
      if (n > 0) buffer.position(buffer.limit()); // dropped
      return n;
    }

    @Override
    public void setByteBuffer(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public ByteBuffer getByteBuffer() {
      return buffer;
    }

    @Override
    public void expand(int size) {
      // never asked to hold more: every chunk is dropped as soon as it is read
    }
  }

  /** No more of this body is read: Tomcat closes the connection after the answer. */
  private static void stopReading(org.apache.coyote.Request request) {
    request.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
  }
}
