package io.recsys.featurestore.ingest.stream;

import io.recsys.core.dataset.InteractionType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An {@link IngestEvent} as the one field of its stream entry: format byte 1, int64 LE timestamp (ms),
 * float64 LE value, one byte type ordinal, then event, user, item and request id as int32 LE length +
 * UTF-8 (request id length 0 = none). Format 2 is the same with a float64 LE propensity after the
 * value. An event without a propensity is written in format 1, byte for byte as before, so entries
 * written before format 2 existed decode unchanged and a worker of an earlier version still reads
 * every entry but those that carry a propensity (it dead-letters those: upgrade workers first).
 * Binary so a consumer decodes without a JSON parser. Stateless.
 */
public final class StreamEntryCodec {
  /** The stream entry's field name. */
  public static final String FIELD = "e";
  private static final byte FORMAT = 1;
  private static final byte FORMAT_WITH_PROPENSITY = 2;
  private static final InteractionType[] TYPES = InteractionType.values();

  private StreamEntryCodec() {}

  public static byte[] encode(IngestEvent e) {
    byte[] id = utf8(e.eventId()), user = utf8(e.userId()), item = utf8(e.itemId());
    byte[] req = e.requestId() == null ? new byte[0] : utf8(e.requestId());
    Double propensity = e.propensity();
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + (propensity == null ? 0 : 8) + 1 + 16 + id.length + user.length
        + item.length + req.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(propensity == null ? FORMAT : FORMAT_WITH_PROPENSITY).putLong(e.timestampMillis()).putDouble(e.value());
    if (propensity != null) b.putDouble(propensity);
    b.put((byte) e.type().ordinal());
    for (byte[] s : new byte[][] {id, user, item, req}) b.putInt(s.length).put(s);
    return b.array();
  }

  /** @throws IllegalArgumentException when the bytes are not an entry of this format (dead-lettered by the consumer) */
  public static IngestEvent decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) throw new IllegalArgumentException("stream entry has no '" + FIELD + "' field");
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      byte format = b.get();
      if (format != FORMAT && format != FORMAT_WITH_PROPENSITY) {
        throw new IllegalArgumentException("unknown stream entry format " + format);
      }
      long ts = b.getLong();
      double value = b.getDouble();
      Double propensity = format == FORMAT_WITH_PROPENSITY ? b.getDouble() : null;
      int type = b.get();
      if (type < 0 || type >= TYPES.length) throw new IllegalArgumentException("unknown interaction type ordinal " + type);
      String id = string(b), user = string(b), item = string(b), req = string(b);
      if (b.hasRemaining()) throw new IllegalArgumentException(b.remaining() + " trailing bytes in stream entry");
      if (id.isEmpty() || user.isEmpty() || item.isEmpty()) throw new IllegalArgumentException("stream entry has an empty id");
      // An out-of-range propensity (or value) is refused by IngestEvent: an IllegalArgumentException, dead-lettered.
      return new IngestEvent(id, user, item, TYPES[type], value, ts, req.isEmpty() ? null : req, propensity);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated stream entry (" + bytes.length + " bytes)", e);
    }
  }

  private static String string(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) throw new IllegalArgumentException("bad string length " + n + " in stream entry");
    String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
