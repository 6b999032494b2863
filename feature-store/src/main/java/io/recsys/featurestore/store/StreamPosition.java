package io.recsys.featurestore.store;

/**
 * Where an event was accepted in the event stream: a Redis Stream entry id ({@code <ms>-<seq>}), which
 * orders every accepted event. An erasure records the position up to which the stream had accepted
 * events ({@link FeatureStore#eraseUser}); an event accepted at or before it never reaches the erased
 * user's features, whenever a worker gets to it. Immutable.
 *
 * @param millis the id's millisecond part
 * @param sequence the id's sequence part
 */
public record StreamPosition(long millis, long sequence) implements Comparable<StreamPosition> {
  /** The position of an empty stream: before every entry. */
  public static final StreamPosition START = new StreamPosition(0, 0);

  public StreamPosition {
    // Lua (the Redis scripts compare positions) holds numbers as doubles: exact up to 2^53.
    if (millis < 0 || millis > (1L << 53) || sequence < 0 || sequence > (1L << 53)) {
      throw new IllegalArgumentException("stream position out of range: " + millis + "-" + sequence);
    }
  }

  /** Parses a stream entry id, {@code "1733300000000-7"}. */
  public static StreamPosition parse(String id) {
    int dash = id.indexOf('-');
    if (dash <= 0 || dash == id.length() - 1) throw new IllegalArgumentException("not a stream entry id: '" + id + "'");
    try {
      return new StreamPosition(Long.parseLong(id, 0, dash, 10), Long.parseLong(id, dash + 1, id.length(), 10));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a stream entry id: '" + id + "'", e);
    }
  }

  @Override
  public int compareTo(StreamPosition o) {
    int c = Long.compare(millis, o.millis);
    return c != 0 ? c : Long.compare(sequence, o.sequence);
  }

  @Override
  public String toString() {
    return millis + "-" + sequence;
  }
}
