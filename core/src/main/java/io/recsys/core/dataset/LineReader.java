package io.recsys.core.dataset;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text file line by line in bounded memory, numbering lines from 1 and telling whether each
 * line decoded cleanly. Bytes are split on {@code '\n'} before they are decoded (the byte never occurs
 * inside a UTF-8 or ISO-8859-1 character), so an invalid byte spoils only its own line: the reader
 * reports that line and, under {@link ErrorPolicy#SKIP}, goes on with the next instead of losing the
 * rest of the file.
 *
 * <p>UTF-8 is decoded strictly (see {@link #malformed()}); ISO-8859-1 maps every byte. A trailing
 * {@code '\r'} (CRLF files) and a UTF-8 byte-order mark at the start of the file are dropped. A line
 * longer than {@link #MAX_LINE_BYTES} is an error rather than an unbounded buffer. Pure-ASCII lines,
 * nearly all of them in practice, skip the decoder. Not thread-safe.
 */
final class LineReader implements Closeable {
  /** Longest line accepted; far beyond any real row, small enough to keep memory bounded. */
  static final int MAX_LINE_BYTES = 16 << 20;

  private static final int BUFFER_BYTES = 1 << 16;

  private final Path file;
  private final InputStream in;
  private final boolean utf8;
  private final CharsetDecoder decoder;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int pos;
  private int limit;
  /** Holds a line that spans buffer refills; reused. */
  private byte[] pending = new byte[256];
  private CharBuffer chars = CharBuffer.allocate(256);
  private long lineNumber;
  private boolean malformed;
  private boolean carriageReturn;

  private LineReader(Path file, InputStream in, Charset charset) {
    if (!charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.ISO_8859_1)) {
      throw new IllegalArgumentException("unsupported charset " + charset + " (expected UTF-8 or ISO-8859-1)");
    }
    this.file = file;
    this.in = in;
    this.utf8 = charset.equals(StandardCharsets.UTF_8);
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  static LineReader open(Path file, Charset charset) throws IOException {
    return new LineReader(file, Files.newInputStream(file), charset);
  }

  /** Lines of {@code content}, already read from {@code file} (named in errors). */
  static LineReader of(Path file, byte[] content, Charset charset) {
    return new LineReader(file, new ByteArrayInputStream(content), charset);
  }

  Path file() {
    return file;
  }

  /** The next line without its terminator, or null at the end of the file. */
  String next() throws IOException {
    int pendingLength = 0;
    while (true) {
      if (pos == limit && !fill()) {
        return pendingLength == 0 ? null : finish(pending, 0, pendingLength);
      }
      int start = pos;
      int newline = indexOfNewline(start);
      if (newline >= 0) {
        pos = newline + 1;
        if (pendingLength == 0) return finish(buffer, start, newline - start);
        pendingLength = appendPending(start, newline - start, pendingLength);
        return finish(pending, 0, pendingLength);
      }
      pendingLength = appendPending(start, limit - start, pendingLength);
      pos = limit;
    }
  }

  /** 1-based number of the line {@link #next()} returned last. */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * Whether the line {@link #next()} returned last held bytes that are not valid in the charset; its
   * text then has U+FFFD in their place and must not be used as data.
   */
  boolean malformed() {
    return malformed;
  }

  /**
   * Whether the line {@link #next()} returned last ended in {@code "\r\n"} rather than {@code "\n"};
   * the CSV reader needs it to hand a quoted value that spans lines on unchanged.
   */
  boolean endedWithCarriageReturn() {
    return carriageReturn;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) return false;
    pos = 0;
    limit = n;
    return true;
  }

  private int indexOfNewline(int from) {
    byte[] b = buffer;
    for (int i = from, end = limit; i < end; i++) {
      if (b[i] == '\n') return i;
    }
    return -1;
  }

  private int appendPending(int from, int length, int pendingLength) {
    int needed = pendingLength + length;
    if (needed > MAX_LINE_BYTES) {
      throw new BadRowException(file, lineNumber + 1, "line is longer than " + MAX_LINE_BYTES + " bytes");
    }
    if (needed > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(needed, Math.min(MAX_LINE_BYTES, 2 * pending.length)));
    }
    System.arraycopy(buffer, from, pending, pendingLength, length);
    return needed;
  }

  private String finish(byte[] bytes, int offset, int length) {
    lineNumber++;
    if (length > MAX_LINE_BYTES) {
      throw new BadRowException(file, lineNumber, "line is longer than " + MAX_LINE_BYTES + " bytes");
    }
    carriageReturn = length > 0 && bytes[offset + length - 1] == '\r';
    if (carriageReturn) length--;
    if (lineNumber == 1 && utf8 && length >= 3 && bytes[offset] == (byte) 0xEF
        && bytes[offset + 1] == (byte) 0xBB && bytes[offset + 2] == (byte) 0xBF) {
      offset += 3;
      length -= 3;
    }
    malformed = false;
    if (!utf8 || isAscii(bytes, offset, length)) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    return decodeUtf8(bytes, offset, length);
  }

  private static boolean isAscii(byte[] bytes, int offset, int length) {
    int bits = 0;
    for (int i = offset, end = offset + length; i < end; i++) bits |= bytes[i];
    return bits >= 0;
  }

  private String decodeUtf8(byte[] bytes, int offset, int length) {
    if (chars.capacity() < length) chars = CharBuffer.allocate(Math.max(length, 2 * chars.capacity()));
    chars.clear();
    decoder.reset();
    CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, offset, length), chars, true);
    if (result.isError()) {
      malformed = true;
      return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
    decoder.flush(chars);
    return chars.flip().toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
