package io.recsys.featurestore.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisConnectionConfigTest {
  @Test
  void unsetOrBlankRedisUrlMeansNoConfiguredRedis() {
    assertThat(RedisConnectionConfig.fromEnvironment(Map.of())).isNull();
    assertThat(RedisConnectionConfig.fromEnvironment(Map.of("REDIS_URL", "  "))).isNull();
  }

  @Test
  void oneUrlIsAStandaloneRedisWithTheNamedDefaults() {
    RedisConnectionConfig c = RedisConnectionConfig.fromEnvironment(Map.of("REDIS_URL", "redis://cache:6380"));
    assertThat(c.cluster()).isFalse();
    assertThat(c.nodes()).containsExactly(URI.create("redis://cache:6380"));
    assertThat(c.commandTimeout()).isEqualTo(RedisConnectionConfig.DEFAULT_COMMAND_TIMEOUT);
    assertThat(c.autoReconnect()).isTrue();
    assertThat(c.queueWhileDisconnected()).isFalse();
  }

  @Test
  void severalUrlsOrTheClusterFlagSelectRedisCluster() {
    RedisConnectionConfig c = RedisConnectionConfig.fromEnvironment(Map.of("REDIS_URL", "redis://a:7000, redis://b:7001"));
    assertThat(c.cluster()).isTrue();
    assertThat(c.nodes()).containsExactly(URI.create("redis://a:7000"), URI.create("redis://b:7001"));
    assertThat(RedisConnectionConfig.fromEnvironment(Map.of("REDIS_URL", "redis://a:7000", "REDIS_CLUSTER", "true")).cluster()).isTrue();
  }

  @Test
  void badSettingsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> RedisConnectionConfig.standalone("http://x:1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://x:1");
    assertThatThrownBy(() -> new RedisConnectionConfig(List.of(URI.create("redis://a:1"), URI.create("redis://b:1")), false,
        Duration.ofSeconds(1), Duration.ofSeconds(1), true, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster=false");
    assertThatThrownBy(() -> RedisConnectionConfig.standalone("redis://a:1").withCommandTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }
}
