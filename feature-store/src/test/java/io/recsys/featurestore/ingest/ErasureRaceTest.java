package io.recsys.featurestore.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.ingest.stream.StreamEntryCodec;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.testsupport.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The race a hostile client found: 1000 events for a user accepted (202), then at once an erasure
 * (204) while the workers are still applying them — the history used to come back (200 entries, 12
 * of 12 trials). With the real service, real workers and a real Redis: after the workers have applied
 * everything, nothing of the user is left, in the features or in the streams.
 */
@ServiceTest
@TestPropertySource(properties = {"recsys.ingest.workers=2", "recsys.ingest.read-count=100"})
class ErasureRaceTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
  }

  @Autowired FeatureStore store;
  @Autowired EventStream stream;
  @Autowired IngestProperties props;
  private final ApiClient service;

  ErasureRaceTest(@LocalServerPort int port) {
    this.service = new ApiClient(port);
  }

  private static String batch(String user, int trial, int n) {
    List<String> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add("{\"eventId\":\"t" + trial + "-" + i + "\",\"userId\":\"" + user + "\",\"itemId\":\"i" + (i % 97)
          + "\",\"type\":\"click\",\"timestamp\":\"" + Instant.now().minusSeconds(60) + "\"}");
    }
    return "[" + String.join(",", events) + "]";
  }

  @Test
  void anErasureRightAfterAcceptedEventsHoldsOnceTheWorkersHaveAppliedThem() throws InterruptedException {
    for (int trial = 0; trial < 3; trial++) {
      String user = "victim-" + trial;
      // A backlog ahead of the victim's events, so that the workers are still applying them when the
      // erasure arrives (on a fast machine 1000 events alone are applied before the DELETE is sent).
      for (int b = 0; b < 4; b++) {
        assertThat(service.post("/v1/events", batch("bystander-" + trial + "-" + b, 1000 * trial + 100 + b, 1000)).statusCode())
            .isEqualTo(202);
      }
      assertThat(service.post("/v1/events", batch(user, trial, 1000)).statusCode()).isEqualTo(202);
      HttpResponse<String> erased = service.delete("/v1/users/" + user, ApiClient.ADMIN_KEY);
      assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);

      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!settled()) {
        assertThat(System.nanoTime()).as("workers did not settle the stream within 20 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(store.history(user, 1000)).as("trial %d: history after the workers caught up", trial).isEmpty();
      assertThat(store.user(user, 10).present()).as("trial %d", trial).isFalse();
      assertThat(entriesOf(user, stream.key())).as("trial %d: the user's events left in the event stream", trial).isZero();
      assertThat(entriesOf(user, props.deadLetterStream())).isZero();
      assertThat(store.history("bystander-" + trial + "-0", 1000)).as("trial %d: others' events applied", trial).isNotEmpty();
    }

    // After the erasure the id is a new user: its events are applied.
    assertThat(service.post("/v1/events", batch("victim-0", 99, 3)).statusCode()).isEqualTo(202);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (store.history("victim-0", 10).size() < 3) {
      assertThat(System.nanoTime()).as("a new user's events were not applied").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** True once the group has read every entry (its last delivered id is the newest entry) and acknowledged it. */
  private boolean settled() {
    var c = stream.connection();
    var f = c.commands().xinfoGroups(stream.key());
    c.flush();
    String lastDelivered = EventStream.lastDeliveredId(c.await(f), props.group());
    return stream.pendingCount() == 0 && (stream.length() == 0 || stream.lastAccepted().toString().equals(lastDelivered));
  }

  private long entriesOf(String user, String streamKey) {
    var c = stream.connection();
    var f = c.commands().xrange(streamKey, Range.create("-", "+"));
    c.flush();
    long n = 0;
    for (StreamMessage<String, byte[]> m : c.await(f)) {
      byte[] e = m.getBody().get(StreamEntryCodec.FIELD);
      if (e != null && e.length > 0 && user.equals(StreamEntryCodec.decode(e).userId())) n++;
    }
    return n;
  }
}
