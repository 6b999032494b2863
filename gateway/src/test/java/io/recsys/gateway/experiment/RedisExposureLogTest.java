package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.testsupport.MutableClock;
import io.recsys.testsupport.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisExposureLogTest extends ExposureLogContract {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  /** One connection per test: the failure test stops Redis, which must not leave a later test reconnecting. */
  private final List<RedisConnection> connections = new ArrayList<>();

  @BeforeEach
  void connect() {
    connections.add(RedisConnection.open(RedisConnectionConfig.standalone(redis.uri())));
  }

  @AfterEach
  void disconnect() {
    for (RedisConnection c : connections) c.close();
  }

  @Override
  protected ExposureLog newLog(ExposureLogConfig config, MutableClock clock) {
    return new RedisExposureLog(connections.getFirst(), config, clock);
  }

  @Override
  protected int capSlack() {
    // XADD MAXLEN ~ removes whole stream nodes only; a node holds up to stream-node-max-entries (100).
    return 100;
  }

  @Test
  void usesTheDocumentedKeysWithTheExperimentAsHashTag() {
    RedisConnection c = connections.getFirst();
    RedisExposureLog log = new RedisExposureLog(c, ExposureLogConfig.DEFAULTS, clock);
    log.recordExposure("req-1", "alice", new Assignment("ranker", "control", VariantOverrides.NONE, 7), 10);
    log.recordFeedback("ranker", "control", 4, 1);

    assertThat(log.countsKey("ranker")).isEqualTo("recsys:exp:{ranker}:counts");
    assertThat(log.exposuresKey("ranker")).isEqualTo("recsys:exp:{ranker}:exposures");
    assertThat(SlotHash.getSlot(log.countsKey("ranker"))).isEqualTo(SlotHash.getSlot(log.exposuresKey("ranker")));

    var hashReply = c.commands().hgetall("recsys:exp:{ranker}:counts");
    c.flush();
    Map<String, String> hash = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : c.await(hashReply).entrySet()) hash.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
    assertThat(hash).isEqualTo(Map.of("control:requests", "1", "control:shown", "10", "control:impressions", "4", "control:clicks", "1"));

    var streamReply = c.commands().xrange("recsys:exp:{ranker}:exposures", io.lettuce.core.Range.unbounded());
    c.flush();
    var entries = c.await(streamReply);
    assertThat(entries).hasSize(1);
    Map<String, String> body = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : entries.getFirst().getBody().entrySet()) body.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
    assertThat(body).isEqualTo(Map.of("requestId", "req-1", "userId", "alice", "variant", "control",
        "ts", Long.toString(START.toEpochMilli())));
  }

  @Test
  void redisFailuresSurfaceAsExposureLogException() {
    RedisExposureLog log = new RedisExposureLog(connections.getFirst(), ExposureLogConfig.DEFAULTS, clock);
    redis.stop();
    try {
      assertThatThrownBy(() -> log.recordExposure("r", "u", new Assignment("ranker", "control", VariantOverrides.NONE, 1), 3))
          .isInstanceOf(ExposureLogException.class).hasMessageContaining("ranker/control");
      assertThatThrownBy(() -> log.recordFeedback("ranker", "control", 1, 0)).isInstanceOf(ExposureLogException.class);
      assertThatThrownBy(() -> log.counts("ranker")).isInstanceOf(ExposureLogException.class);
    } finally {
      redis.start();
    }
  }
}
