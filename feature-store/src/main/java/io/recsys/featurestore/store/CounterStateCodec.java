package io.recsys.featurestore.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link CounterState} as eleven little-endian float64 values (88 bytes), in the record's field order:
 * the five decayed counters (impressions, clicks, favourites, carts, purchases — {@link ItemCounter}'s
 * order), the as-of time (epoch ms) and the five raw counts. All doubles because the Redis Lua scripts
 * that update them in place have only doubles and pack them with {@code struct.pack('<ddddddddddd', ...)};
 * times and counts stay exact below 2^53.
 *
 * <p>The earlier layout (item-record format 1) held seven: impressions, clicks, purchases, as-of, and
 * their three counts; {@link #decodeFormat1} reads it, with no favourites or carts.
 *
 * <p>Stateless and thread-safe.
 */
public final class CounterStateCodec {
  public static final int SIZE = 11 * Double.BYTES;
  /** The size of the format-1 layout. */
  public static final int FORMAT1_SIZE = 7 * Double.BYTES;

  private CounterStateCodec() {}

  public static byte[] encode(CounterState s) {
    ByteBuffer out = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    out.putDouble(s.impressions()).putDouble(s.clicks()).putDouble(s.favourites()).putDouble(s.carts())
        .putDouble(s.purchases()).putDouble(s.asOfMillis()).putDouble(s.impressionCount()).putDouble(s.clickCount())
        .putDouble(s.favouriteCount()).putDouble(s.cartCount()).putDouble(s.purchaseCount());
    return out.array();
  }

  public static CounterState decode(byte[] bytes) {
    if (bytes.length != SIZE) throw new IllegalArgumentException("counter state must be " + SIZE + " bytes: " + bytes.length);
    return read(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0);
  }

  /** The state stored at {@code offset} of {@code in} (absolute reads; the buffer's position is unchanged). */
  public static CounterState read(ByteBuffer in, int o) {
    return new CounterState(in.getDouble(o), in.getDouble(o + 8), in.getDouble(o + 16), in.getDouble(o + 24),
        in.getDouble(o + 32), (long) in.getDouble(o + 40), (long) in.getDouble(o + 48), (long) in.getDouble(o + 56),
        (long) in.getDouble(o + 64), (long) in.getDouble(o + 72), (long) in.getDouble(o + 80));
  }

  /** The format-1 state (seven values) stored at {@code offset} of {@code in}: no favourites, no carts. */
  public static CounterState decodeFormat1(ByteBuffer in, int o) {
    return new CounterState(in.getDouble(o), in.getDouble(o + 8), 0, 0, in.getDouble(o + 16), (long) in.getDouble(o + 24),
        (long) in.getDouble(o + 32), (long) in.getDouble(o + 40), 0, 0, (long) in.getDouble(o + 48));
  }
}
