package io.recsys.featurestore.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.testsupport.RedisExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream's bound against a real Redis: {@link EventStream#trim} (XTRIM MINID at the oldest
 * unacknowledged entry, or past the last delivered one) removes applied entries and never an entry a
 * worker has not acknowledged or not yet read; {@link BacklogMonitor} turns the remaining length into
 * the backlog the API compares with its cap.
 */
class EventStreamTrimTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private final IngestProperties props = IngestProperties.defaults();
  private RedisConnection connection;
  private EventStream stream;

  @BeforeEach
  void open() {
    connection = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()));
    stream = new EventStream(connection, props);
    stream.ensureGroup();
  }

  @AfterEach
  void close() {
    connection.close();
  }

  /** Appends {@code n} events in batches (approximate trimming works on whole stream nodes of 100 entries). */
  private void append(int n, String prefix) {
    for (int b = 0; b < n; b += 100) {
      List<IngestEvent> batch = new ArrayList<>();
      for (int i = b; i < Math.min(n, b + 100); i++) {
        batch.add(new IngestEvent(prefix + i, "u" + (i % 7), "i" + (i % 13), InteractionType.CLICK, 1, 1_700_000_000_000L + i, null));
      }
      stream.append(batch);
    }
  }

  private List<String> ids() {
    var f = connection.commands().xrange(stream.key(), Range.create("-", "+"));
    connection.flush();
    return connection.await(f).stream().map(StreamMessage::getId).toList();
  }

  @Test
  void trimmingRemovesAcknowledgedEntriesAndNeverOneThatIsPendingOrUnread() {
    append(600, "e");
    List<String> all = ids();
    List<StreamMessage<String, byte[]>> read = stream.readNew("w-0"); // 600 delivered, none acknowledged
    assertThat(read).hasSize(600);
    List<String> first400 = all.subList(0, 400);
    stream.ack(first400);
    append(300, "late"); // appended after the read: never delivered

    long left = stream.trim();

    List<String> kept = ids();
    List<String> late = kept.subList(kept.size() - 300, kept.size());
    assertThat(kept).as("every pending entry is kept").containsAll(all.subList(400, 600));
    assertThat(late).as("every unread entry is kept").doesNotContainAnyElementsOf(all);
    assertThat(left).isEqualTo(kept.size());
    assertThat(kept.size()).as("acknowledged entries were trimmed (whole stream nodes: approximate trimming)")
        .isLessThan(900).isGreaterThanOrEqualTo(500);

    stream.ack(all.subList(400, 600));
    long afterAllAcked = stream.trim();
    assertThat(ids()).as("the never-delivered entries stay").containsAll(late);
    assertThat(afterAllAcked).isLessThan(left).isGreaterThanOrEqualTo(300);
  }

  @Test
  void theBacklogMonitorRecordsWhatTrimmingLeavesAndSaysWhenTheNextBatchWouldNotFit() {
    IngestProperties small = new IngestProperties(10, null, null, null, null, null, null, null, null, null, null, null,
        null, 250L, null, null, null, null, null, null, null, null, null, null, null);
    IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry(), small.backlogCap());
    BacklogMonitor monitor = new BacklogMonitor(new EventStream(connection, small), small, metrics);
    append(200, "b");
    monitor.runOnce();
    assertThat(metrics.backlog()).isEqualTo(200);
    assertThat(monitor.full()).as("200 + a batch of 10 fit under 250").isFalse();
    append(45, "c");
    monitor.runOnce();
    assertThat(metrics.backlog()).isEqualTo(245);
    assertThat(monitor.full()).as("245 + 10 > 250").isTrue();
  }
}
