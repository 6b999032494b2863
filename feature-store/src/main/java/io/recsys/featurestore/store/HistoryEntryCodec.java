package io.recsys.featurestore.store;

import io.recsys.core.dataset.InteractionType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One history list element: little-endian int64 timestamp (epoch ms), one byte interaction type
 * ordinal, then the item id's UTF-8 bytes to the end. Nine bytes of overhead per entry, and a reader
 * that wants only item ids can skip the first nine bytes. Stateless and thread-safe.
 */
public final class HistoryEntryCodec {
  private static final int HEADER = Long.BYTES + 1;
  private static final InteractionType[] TYPES = InteractionType.values();

  private HistoryEntryCodec() {}

  public static byte[] encode(HistoryEntry e) {
    byte[] id = e.itemId().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(HEADER + id.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(e.timestampMillis()).put((byte) e.type().ordinal()).put(id);
    return out.array();
  }

  public static HistoryEntry decode(byte[] bytes) {
    if (bytes.length <= HEADER) throw new IllegalArgumentException("history entry too short: " + bytes.length + " bytes");
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long ts = in.getLong();
    int type = in.get();
    if (type < 0 || type >= TYPES.length) throw new IllegalArgumentException("unknown interaction type ordinal " + type);
    return new HistoryEntry(new String(bytes, HEADER, bytes.length - HEADER, StandardCharsets.UTF_8), TYPES[type], ts);
  }
}
