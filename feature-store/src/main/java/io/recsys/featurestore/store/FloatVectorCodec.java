package io.recsys.featurestore.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float vectors as little-endian IEEE-754 float32 bytes: 4 bytes per component, no header, so a
 * 64-dimensional embedding is exactly 256 bytes and any client (Python's {@code numpy.frombuffer(b,
 * '<f4')}, Go, C) reads it without a schema. NaN payloads and signed zeros round-trip bit for bit.
 * Stateless and thread-safe.
 */
public final class FloatVectorCodec {
  private FloatVectorCodec() {}

  public static byte[] encode(float[] vector) {
    byte[] out = new byte[vector.length * Float.BYTES];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(vector);
    return out;
  }

  /** @throws IllegalArgumentException when the length is not a multiple of 4 */
  public static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException("float32 vector length must be a multiple of 4 bytes: " + bytes.length);
    }
    float[] out = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
