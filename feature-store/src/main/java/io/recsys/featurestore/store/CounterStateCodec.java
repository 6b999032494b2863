package io.recsys.featurestore.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link CounterState} as seven little-endian float64 values (56 bytes): decayed impressions, clicks,
 * purchases, as-of time (epoch ms), and the three raw counts. All doubles because the Redis Lua script
 * that updates them in place has only doubles and packs them with {@code struct.pack('<ddddddd', ...)};
 * times and counts stay exact below 2^53. Stateless and thread-safe.
 */
public final class CounterStateCodec {
  public static final int SIZE = 7 * Double.BYTES;

  private CounterStateCodec() {}

  public static byte[] encode(CounterState s) {
    ByteBuffer out = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    out.putDouble(s.impressions()).putDouble(s.clicks()).putDouble(s.purchases()).putDouble(s.asOfMillis())
        .putDouble(s.impressionCount()).putDouble(s.clickCount()).putDouble(s.purchaseCount());
    return out.array();
  }

  public static CounterState decode(byte[] bytes) {
    if (bytes.length != SIZE) throw new IllegalArgumentException("counter state must be " + SIZE + " bytes: " + bytes.length);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return new CounterState(in.getDouble(), in.getDouble(), in.getDouble(), (long) in.getDouble(),
        (long) in.getDouble(), (long) in.getDouble(), (long) in.getDouble());
  }
}
