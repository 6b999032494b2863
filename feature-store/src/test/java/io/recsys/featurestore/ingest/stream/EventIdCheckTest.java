package io.recsys.featurestore.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One id is one event: an event id re-sent with other content is refused as a whole before anything
 * reaches the stream, so the user side and the item side can never disagree about it (they used to: the
 * user side took it for a duplicate while the item side counted the new item). Against a real Redis.
 */
class EventIdCheckTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private final MutableClock clock = MutableClock.atSystemTime();
  private final IngestProperties props = IngestProperties.defaults();
  private RedisConnection connection;
  private EventStream stream;

  @BeforeEach
  void open() {
    connection = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()));
    stream = new EventStream(connection, props, clock);
    stream.ensureGroup();
  }

  @AfterEach
  void close() {
    connection.close();
  }

  private IngestEvent click(String id, String user, String item, long ts) {
    return new IngestEvent(id, user, item, InteractionType.CLICK, 1, ts, null);
  }

  @Test
  void anIdResentWithOtherContentIsRefusedWholeAndTheSameContentIsAccepted() {
    long t = clock.millis();
    stream.append(List.of(click("e1", "u", "a", t)));

    assertThatThrownBy(() -> stream.append(List.of(click("fresh", "u", "b", t), click("e1", "u", "b", t))))
        .isInstanceOfSatisfying(EventIdConflictException.class, e -> assertThat(e.indices()).containsExactly(1));
    assertThat(stream.length()).as("nothing of the refused batch was appended").isEqualTo(1);

    // A retry of the same event (the request id may differ) is fine: the workers count it once.
    stream.append(List.of(new IngestEvent("e1", "u", "a", InteractionType.CLICK, 1, t, "another-request")));
    assertThat(stream.length()).isEqualTo(2);
    // ... and every other field is part of the event.
    for (IngestEvent other : List.of(click("e1", "v", "a", t), click("e1", "u", "a", t + 1),
        new IngestEvent("e1", "u", "a", InteractionType.IMPRESSION, 1, t, null),
        new IngestEvent("e1", "u", "a", InteractionType.CLICK, 2, t, null))) {
      assertThatThrownBy(() -> stream.append(List.of(other))).as(other.toString()).isInstanceOf(EventIdConflictException.class);
    }
  }

  @Test
  void thePropensityIsPartOfTheEventLikeTheValue() {
    long t = clock.millis();
    stream.append(List.of(shown("p1", t, 0.25), shown("p2", t, null)));
    // A retry carries the propensity of the same re-ranker response: a duplicate, counted once.
    stream.append(List.of(shown("p1", t, 0.25)));
    stream.append(List.of(shown("p2", t, null)));
    assertThat(stream.length()).isEqualTo(4);
    // Another propensity, one dropped or one added is other content.
    for (IngestEvent other : List.of(shown("p1", t, 0.5), shown("p1", t, null), shown("p2", t, 0.25))) {
      assertThatThrownBy(() -> stream.append(List.of(other))).as(other.toString()).isInstanceOf(EventIdConflictException.class);
    }
    assertThat(stream.length()).isEqualTo(4);
  }

  private static IngestEvent shown(String id, long ts, Double propensity) {
    return new IngestEvent(id, "u", "a", InteractionType.IMPRESSION, 1, ts, "req", propensity);
  }

  @Test
  void oneIdTwiceInABatchWithOtherContentIsRefused() {
    long t = clock.millis();
    assertThatThrownBy(() -> stream.append(List.of(click("x", "u", "a", t), click("y", "u", "a", t), click("x", "u", "b", t))))
        .isInstanceOfSatisfying(EventIdConflictException.class, e -> assertThat(e.indices()).containsExactly(2));
    stream.append(List.of(click("x", "u", "a", t), click("x", "u", "a", t)));
    assertThat(stream.length()).isEqualTo(2);
  }

  @Test
  void anIdIsRememberedForTheDeduplicationWindowAndFreeAfterIt() {
    long t = clock.millis();
    stream.append(List.of(click("e1", "u", "a", t)));
    clock.advance(props.dedupWindow().minus(Duration.ofSeconds(1)));
    assertThatThrownBy(() -> stream.append(List.of(click("e1", "u", "b", t)))).isInstanceOf(EventIdConflictException.class);
    clock.advance(props.dedupWindow().multipliedBy(2));
    stream.append(List.of(click("e1", "u", "b", t)));
    assertThat(stream.length()).isEqualTo(2);
  }

  @Test
  void theIdRegistryLivesInTheStreamsClusterSlot() {
    assertThat(io.lettuce.core.cluster.SlotHash.getSlot(stream.idsKey(42))).isEqualTo(io.lettuce.core.cluster.SlotHash.getSlot(stream.key()));
  }
}
