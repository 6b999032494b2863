package io.recsys.featurestore.ingest.stream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.models.stream.PendingMessages;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.StreamPosition;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisScript;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Redis Stream of accepted events and its consumer group, on one connection. A batch is appended
 * by one Lua script (one {@code XADD} per event inside), so a batch is in the stream entirely or not at
 * all, and with {@code appendfsync always} Redis has written it to disk before the reply that makes
 * the service answer 202.
 *
 * <p>Bound: entries are trimmed only once every consumer of the group is past them ({@link #trim}:
 * {@code XTRIM MINID} at the oldest unacknowledged entry), and the service refuses new batches while the
 * stream holds {@code backlogCap} entries. So an accepted event is never trimmed before it was applied,
 * and memory stays bounded by the cap; the price is that a long consumer outage turns into 503s for
 * producers instead of silent loss.
 *
 * <p>Thread-safe as far as the connection is: the HTTP threads share one, each worker has its own.
 */
public final class EventStream {
  // One id, one event: the event ids accepted within the de-duplication window are kept with a
  // fingerprint of their content in two hashes, this window's and the previous one's (a hash per
  // window, expiring as a whole: Redis 6.2 cannot expire a hash field). They share the stream's hash
  // slot ({<stream>}:ids:<window>), so one script checks the whole batch and appends it atomically.
  // An id seen with other content (here or earlier in the batch) refuses the batch whole and
  // names those events (0-based); a re-sent event with the same content is appended again (the
  // workers' markers make it count once). Success replies with an empty list.
  // KEYS: 1 the stream, 2 this window's ids, 3 the previous window's. ARGV: 1 the deadline of this
  // window's hash (ms); then per event: id, fingerprint, stream entry.
  private static final RedisScript APPEND = new RedisScript("""
      local n = (#ARGV - 1) / 3
      local ids = {}
      for i = 1, n do ids[i] = ARGV[3 * i - 1] end
      local cur = redis.call('HMGET', KEYS[2], unpack(ids))
      local prev = redis.call('HMGET', KEYS[3], unpack(ids))
      local bad, known = {}, {}
      for i = 1, n do
        local fp = ARGV[3 * i]
        local before = known[ids[i]] or cur[i] or prev[i]
        if before and before ~= fp then bad[#bad + 1] = i - 1 end
        if not known[ids[i]] then known[ids[i]] = before or fp end
      end
      if #bad > 0 then return bad end
      local fields = {}
      for i = 1, n do fields[2 * i - 1] = ids[i]; fields[2 * i] = ARGV[3 * i] end
      redis.call('HSET', KEYS[2], unpack(fields))
      redis.call('PEXPIREAT', KEYS[2], ARGV[1])
      for i = 1, n do redis.call('XADD', KEYS[1], '*', 'e', ARGV[3 * i + 1]) end
      return {}
      """, ScriptOutputType.MULTI);

  private final RedisConnection redis;
  private final IngestProperties props;
  private final String key;
  private final Clock clock;

  public EventStream(RedisConnection redis, IngestProperties props) {
    this(redis, props, Clock.systemUTC());
  }

  /** {@code clock} picks the window of the event-id check (see {@link #append}). */
  public EventStream(RedisConnection redis, IngestProperties props, Clock clock) {
    this.redis = redis;
    this.props = props;
    this.key = props.stream();
    this.clock = clock;
  }

  /** The hash of the event ids accepted in window {@code w} (of {@code dedupWindow}); in the stream's slot. */
  String idsKey(long window) {
    return "{" + key + "}:ids:" + window;
  }

  public String key() {
    return key;
  }

  public RedisConnection connection() {
    return redis;
  }

  /** Creates the consumer group (and the stream) unless it exists; a new group starts at the first entry. */
  public void ensureGroup() {
    RedisFuture<String> f = redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), props.group(),
        XGroupCreateArgs.Builder.mkstream());
    redis.flush();
    try {
      redis.await(f);
    } catch (FeatureStoreException e) {
      if (!(e.getCause() instanceof RedisBusyException) && !String.valueOf(e.getMessage()).contains("BUSYGROUP")) throw e;
    }
  }

  /**
   * Appends the batch atomically; returns when Redis has it (durably, as its fsync policy says).
   *
   * @throws EventIdConflictException when an event id of the batch was accepted within the
   *     de-duplication window with other content (user, item, type, timestamp, value or
   *     propensity), or appears twice in the batch with different content; then nothing was appended
   */
  public void append(List<IngestEvent> events) {
    if (events.isEmpty()) return;
    long windowMillis = props.dedupWindow().toMillis();
    long window = clock.millis() / windowMillis;
    byte[][] args = new byte[1 + 3 * events.size()][];
    args[0] = RedisScript.arg((window + 2) * windowMillis);
    for (int i = 0; i < events.size(); i++) {
      IngestEvent e = events.get(i);
      args[1 + 3 * i] = utf8(e.eventId());
      args[2 + 3 * i] = EventFingerprint.of(e);
      args[3 + 3 * i] = StreamEntryCodec.encode(e);
    }
    String[] keys = {key, idsKey(window), idsKey(window - 1)};
    RedisFuture<List<Object>> f = APPEND.evalsha(redis.commands(), keys, args);
    redis.flush();
    List<Object> conflicts;
    try {
      conflicts = redis.await(f);
    } catch (FeatureStoreException e) {
      if (!RedisScript.isNoScript(e)) throw e;
      RedisFuture<List<Object>> again = APPEND.eval(redis.commands(), keys, args);
      redis.flush();
      conflicts = redis.await(again);
    }
    if (conflicts != null && !conflicts.isEmpty()) {
      List<Integer> indices = new ArrayList<>(conflicts.size());
      for (Object o : conflicts) indices.add(((Long) o).intValue());
      throw new EventIdConflictException(indices);
    }
  }

  /** Up to {@code readCount} entries never delivered to the group, waiting up to {@code readBlock}. */
  public List<StreamMessage<String, byte[]>> readNew(String consumer) {
    return read(consumer, XReadArgs.StreamOffset.lastConsumed(key), true);
  }

  /**
   * Entries delivered to this consumer and not acknowledged (what it held when its process died), with
   * ids after {@code afterId} ("0" for all).
   */
  public List<StreamMessage<String, byte[]>> readOwnPending(String consumer, String afterId) {
    return read(consumer, XReadArgs.StreamOffset.from(key, afterId), false);
  }

  @SuppressWarnings("unchecked") // Lettuce takes the stream offsets as generic varargs; one offset is safe
  private List<StreamMessage<String, byte[]>> read(String consumer, XReadArgs.StreamOffset<String> offset, boolean block) {
    XReadArgs args = XReadArgs.Builder.count(props.readCount());
    if (block) args.block(props.readBlock());
    RedisFuture<List<StreamMessage<String, byte[]>>> f =
        redis.commands().xreadgroup(Consumer.from(props.group(), consumer), args, offset);
    redis.flush();
    List<StreamMessage<String, byte[]>> out = redis.await(f);
    return out == null ? List.of() : out;
  }

  public void ack(List<String> ids) {
    if (ids.isEmpty()) return;
    RedisFuture<Long> f = redis.commands().xack(key, props.group(), ids.toArray(String[]::new));
    redis.flush();
    redis.await(f);
  }

  /** Entries pending longer than {@code reclaimAfter}, oldest first, with their delivery counts. */
  public List<PendingMessage> stalePending(int count) {
    XPendingArgs<String> args = new XPendingArgs<String>().group(props.group())
        .range(Range.create("-", "+")).limit(Limit.from(count)).idle(props.reclaimAfter());
    RedisFuture<List<PendingMessage>> f = redis.commands().xpending(key, args);
    redis.flush();
    return redis.await(f);
  }

  /** Takes over entries pending longer than {@code reclaimAfter} (XAUTOCLAIM from {@code start}). */
  public ClaimedMessages<String, byte[]> claimStale(String consumer, String start) {
    XAutoClaimArgs<String> args = XAutoClaimArgs.Builder.<String>xautoclaim(Consumer.from(props.group(), consumer),
        props.reclaimAfter(), start).count(props.readCount());
    RedisFuture<ClaimedMessages<String, byte[]>> f = redis.commands().xautoclaim(key, args);
    redis.flush();
    return redis.await(f);
  }

  /** The entry's bytes, or null when it is no longer in the stream. */
  public byte[] entry(String id) {
    RedisFuture<List<StreamMessage<String, byte[]>>> f = redis.commands().xrange(key, Range.create(id, id));
    redis.flush();
    List<StreamMessage<String, byte[]>> m = redis.await(f);
    return m == null || m.isEmpty() ? null : m.getFirst().getBody().get(StreamEntryCodec.FIELD);
  }

  /** Moves an entry to the dead-letter stream with the reason, then acknowledges it; one round trip. */
  public void deadLetter(String id, byte[] entry, String reason, long deliveries) {
    Map<String, byte[]> fields = Map.of(
        "id", utf8(id),
        StreamEntryCodec.FIELD, entry == null ? new byte[0] : entry,
        "reason", utf8(reason),
        "deliveries", utf8(Long.toString(deliveries)));
    RedisFuture<String> add = redis.commands().xadd(props.deadLetterStream(),
        XAddArgs.Builder.maxlen(props.deadLetterCap()).approximateTrimming(), fields);
    RedisFuture<Long> ack = redis.commands().xack(key, props.group(), id);
    redis.flush();
    redis.await(add);
    redis.await(ack);
  }

  /**
   * Announces items that reached the admission threshold on the admitted-items stream (one entry each,
   * field {@code item}, approximate length cap {@code admittedCap}); one round trip. Consumers that build
   * the model-facing tables (embeddings, ANN refresh) read it from their last id; an item may be
   * announced more than once (after a redelivery, or when its count expired and grew again), so they
   * must treat an announcement as "make sure it is in".
   */
  public void announceAdmitted(Collection<String> items) {
    if (items.isEmpty()) return;
    XAddArgs cap = XAddArgs.Builder.maxlen(props.admittedCap()).approximateTrimming();
    List<RedisFuture<String>> added = new ArrayList<>(items.size());
    for (String item : items) added.add(redis.commands().xadd(props.admittedStream(), cap, Map.of("item", utf8(item))));
    redis.flush();
    redis.awaitAll(added);
  }

  /**
   * Trims every entry the group is done with and returns the stream's length afterwards. Done means
   * older than the oldest pending entry, or, with nothing pending, delivered (at or before the group's
   * last-delivered id).
   */
  public long trim() {
    RedisFuture<List<Object>> groups = redis.commands().xinfoGroups(key);
    RedisFuture<PendingMessages> pending = redis.commands().xpending(key, props.group());
    redis.flush();
    String lastDelivered = lastDeliveredId(redis.await(groups), props.group());
    PendingMessages p = redis.await(pending);
    String minId = null;
    if (p != null && p.getCount() > 0 && p.getMessageIds().getLower().getValue() != null) {
      minId = p.getMessageIds().getLower().getValue();
    } else if (lastDelivered != null && !"0-0".equals(lastDelivered)) {
      minId = successor(lastDelivered);
    }
    RedisFuture<Long> trimmed = minId == null ? null
        : redis.commands().xtrim(key, new XTrimArgs().minId(minId).approximateTrimming());
    RedisFuture<Long> length = redis.commands().xlen(key);
    redis.flush();
    if (trimmed != null) redis.await(trimmed);
    return redis.await(length);
  }

  /**
   * The position of the newest entry the stream holds: every event accepted so far is at or before it
   * (entries are trimmed only once applied). {@link StreamPosition#START} for an empty stream.
   */
  public StreamPosition lastAccepted() {
    RedisFuture<List<StreamMessage<String, byte[]>>> f = redis.commands().xrevrange(key, Range.create("-", "+"), Limit.create(0, 1));
    redis.flush();
    List<StreamMessage<String, byte[]>> newest = redis.await(f);
    return newest == null || newest.isEmpty() ? StreamPosition.START : StreamPosition.parse(newest.getFirst().getId());
  }

  /**
   * Erasure of a user's events from both streams: deletes ({@code XDEL}) every entry of the event
   * stream and of the dead-letter stream that holds an event of {@code userId}, reading each stream in
   * pages of {@value #ERASE_PAGE}. Entries that cannot be decoded cannot be attributed and stay (they
   * go to the dead letters on their own). A pending entry deleted here is acknowledged by the worker
   * that meets it (see {@code FeatureWorker}). Returns how many entries were deleted.
   */
  public long eraseUser(String userId) {
    return eraseFrom(key, userId) + eraseFrom(props.deadLetterStream(), userId);
  }

  static final int ERASE_PAGE = 1000;

  private long eraseFrom(String stream, String userId) {
    long deleted = 0;
    String from = "-";
    while (true) {
      RedisFuture<List<StreamMessage<String, byte[]>>> f = redis.commands().xrange(stream, Range.create(from, "+"),
          Limit.create(0, ERASE_PAGE));
      redis.flush();
      List<StreamMessage<String, byte[]>> page = redis.await(f);
      if (page == null || page.isEmpty()) return deleted;
      List<String> ids = new ArrayList<>();
      for (StreamMessage<String, byte[]> m : page) {
        byte[] bytes = m.getBody() == null ? null : m.getBody().get(StreamEntryCodec.FIELD);
        if (bytes == null || bytes.length == 0) continue;
        try {
          if (userId.equals(StreamEntryCodec.decode(bytes).userId())) ids.add(m.getId());
        } catch (IllegalArgumentException undecodable) {
          // not attributable to anyone
        }
      }
      if (!ids.isEmpty()) {
        RedisFuture<Long> del = redis.commands().xdel(stream, ids.toArray(String[]::new));
        redis.flush();
        deleted += redis.await(del);
      }
      if (page.size() < ERASE_PAGE) return deleted;
      from = successor(page.getLast().getId());
    }
  }

  public long length() {
    RedisFuture<Long> f = redis.commands().xlen(key);
    redis.flush();
    return redis.await(f);
  }

  /** Entries delivered to the group and not yet acknowledged. */
  public long pendingCount() {
    RedisFuture<PendingMessages> f = redis.commands().xpending(key, props.group());
    redis.flush();
    PendingMessages p = redis.await(f);
    return p == null ? 0 : p.getCount();
  }

  /** {@code last-delivered-id} of the group in an XINFO GROUPS reply (a list of flat name/value lists). */
  public static String lastDeliveredId(List<Object> groups, String group) {
    if (groups == null) return null;
    for (Object g : groups) {
      if (!(g instanceof List<?> fields)) continue;
      String name = null, last = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String k = RedisScript.text(fields.get(i));
        if ("name".equals(k)) name = RedisScript.text(fields.get(i + 1));
        else if ("last-delivered-id".equals(k)) last = RedisScript.text(fields.get(i + 1));
      }
      if (group.equals(name)) return last;
    }
    return null;
  }

  /** The smallest stream id greater than {@code id} ({@code ms-seq}). */
  static String successor(String id) {
    int dash = id.indexOf('-');
    if (dash < 0) throw new IllegalArgumentException("not a stream id: " + id);
    return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
