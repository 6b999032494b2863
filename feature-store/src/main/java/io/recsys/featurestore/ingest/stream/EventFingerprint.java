package io.recsys.featurestore.ingest.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What makes two events with one id the same event: the first 8 bytes of SHA-256 over user, item,
 * type, timestamp, value and propensity (not the request id, which a retry may carry anew; the
 * propensity comes from the same re-ranker response as the event, so a retry carries the same one).
 * An event without a propensity hashes exactly the bytes it did before propensities existed, so a
 * retry of an event accepted by an earlier version is still a duplicate, not a conflict. Eight bytes are
 * plenty: a clash only matters between events of one id, and it would make a conflicting re-send pass
 * as a duplicate (1 in 2^64), never refuse a true one. Stateless, thread-safe.
 */
final class EventFingerprint {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  });

  private EventFingerprint() {}

  static byte[] of(IngestEvent e) {
    byte[] user = e.userId().getBytes(StandardCharsets.UTF_8);
    byte[] item = e.itemId().getBytes(StandardCharsets.UTF_8);
    Double propensity = e.propensity();
    // With a propensity the input is 8 bytes longer: never the bytes of an event without one.
    ByteBuffer b = ByteBuffer.allocate(4 + user.length + 4 + item.length + 1 + 8 + 8 + (propensity == null ? 0 : 8))
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(user.length).put(user).putInt(item.length).put(item).put((byte) e.type().ordinal())
        .putLong(e.timestampMillis()).putDouble(e.value());
    if (propensity != null) b.putDouble(propensity);
    MessageDigest d = SHA256.get();
    d.reset();
    return Arrays.copyOf(d.digest(b.array()), 8);
  }
}
