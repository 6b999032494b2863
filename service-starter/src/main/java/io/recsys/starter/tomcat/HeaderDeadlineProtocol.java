package io.recsys.starter.tomcat;

import java.net.SocketTimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO HTTP/1.1 connector with a deadline for the request head: the request line and headers
 * must arrive within {@link #setHeaderTimeout header timeout} of their first byte. Tomcat's own
 * {@code connectionTimeout} bounds each wait for more bytes, not the whole, so a client that trickles
 * a byte every few seconds (slowloris) could hold a connection and a processor for as long as it likes.
 *
 * <p>A watchdog thread looks at the open connections a few times per timeout; a connection whose
 * request head has been arriving for longer than the deadline is handed to a worker with an error
 * event, as Tomcat's poller does on a read timeout, which closes it and recycles its processor.
 * Connections being processed (the head complete, a request running), async requests and idle
 * keep-alive connections (no processor: {@code keepAliveTimeout} bounds those) are left alone.
 */
public class HeaderDeadlineProtocol extends Http11NioProtocol {
  private static final Logger log = LoggerFactory.getLogger(HeaderDeadlineProtocol.class);
  public static final long DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;

  private volatile long headerTimeoutMillis = DEFAULT_HEADER_TIMEOUT_MILLIS;
  private ScheduledExecutorService watchdog;

  /** The longest a request line and its headers may take to arrive, from their first byte. */
  public void setHeaderTimeout(long millis) {
    if (millis < 1) throw new IllegalArgumentException("header timeout must be at least 1 ms: " + millis);
    this.headerTimeoutMillis = millis;
  }

  public long getHeaderTimeout() {
    return headerTimeoutMillis;
  }

  @Override
  public void start() throws Exception {
    super.start();
    ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "http-header-deadline-" + getPort());
      t.setDaemon(true);
      return t;
    });
    // A few looks per timeout: a head is cut off at most a quarter of the timeout (and the poller's
    // interval) late; never more often than every 50 ms, never less than every 500 ms.
    long tick = Math.clamp(headerTimeoutMillis / 4, 50, 500);
    w.scheduleWithFixedDelay(this::enforce, tick, tick, TimeUnit.MILLISECONDS);
    watchdog = w;
  }

  @Override
  public void stop() throws Exception {
    if (watchdog != null) watchdog.shutdownNow();
    super.stop();
  }

  @Override
  public void destroy() throws Exception {
    if (watchdog != null) watchdog.shutdownNow();
    super.destroy();
  }

  /** Cuts off every connection whose request head is overdue. */
  void enforce() {
    try {
      long now = System.nanoTime();
      long limit = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis);
      for (SocketWrapperBase<NioChannel> connection : getEndpoint().getConnections()) {
        // A processor stays with a connection that waits for more of a request head that has started
        // (Tomcat's LONG state), and with an async request (or an upgraded connection), whose head is
        // complete. None while a worker thread runs the request, nor between keep-alive requests.
        if (!(connection.getCurrentProcessor() instanceof Http11Processor processor) || processor.isAsync() || processor.isUpgrade()) {
          continue;
        }
        Request request = processor.getRequest();
        long started = request == null ? -1 : request.getStartTimeNanos(); // the head's first byte; -1 before
        if (started == -1 || now - started <= limit) continue;
        log.debug("request head not complete after {} ms: closing the connection", headerTimeoutMillis);
        // What Tomcat's poller does on a read timeout: the processor, given an error event on a worker
        // thread, ends the connection and is recycled. (Shortening the read timeout and leaving it to the
        // poller is not enough: the poller looks at timeouts only after a wake-up, and a trickler's own
        // bytes wake it while its connection is being processed, so it never looks at the right moment.)
        connection.setError(new SocketTimeoutException("request head not complete within " + headerTimeoutMillis + " ms"));
        connection.processSocket(SocketEvent.ERROR, true);
      }
    } catch (RuntimeException e) {
      // A connection closing under our feet: the next look sees the set as it is then.
      log.debug("header deadline check failed", e);
    }
  }
}
