package io.recsys.starter.testapp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to {@code System.out} and {@code System.err} while open (Logback's console
 * appender writes through whatever {@code System.out} is at the time), still passing it on. Not for
 * concurrent use by two tests.
 */
public final class ConsoleCapture implements AutoCloseable {
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  public ConsoleCapture() {
    System.setOut(new PrintStream(new Tee(out, copy), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, copy), true, StandardCharsets.UTF_8));
  }

  /** Everything captured so far. */
  public String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final ByteArrayOutputStream b;

    Tee(OutputStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) {
      synchronized (b) {
        b.write(c);
      }
      try {
        a.write(c);
      } catch (java.io.IOException ignored) {
        // the original stream's trouble is not the test's
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      synchronized (b) {
        b.write(buf, off, len);
      }
      try {
        a.write(buf, off, len);
      } catch (java.io.IOException ignored) {
        // as above
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
    }
  }
}
