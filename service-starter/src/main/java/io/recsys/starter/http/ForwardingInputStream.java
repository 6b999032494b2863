package io.recsys.starter.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body that forwards everything to the container's stream; the body filters subclass it and
 * override the two {@code read} methods to watch what is read (the size limit, the deadline). Not
 * thread-safe, as the stream it wraps.
 */
abstract class ForwardingInputStream extends ServletInputStream {
  protected final ServletInputStream in;

  ForwardingInputStream(ServletInputStream in) {
    this.in = in;
  }

  @Override
  public boolean isFinished() {
    return in.isFinished();
  }

  @Override
  public boolean isReady() {
    return in.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    in.setReadListener(listener);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
