package io.recsys.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisExtensionTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  @Test
  @Order(1)
  void givesARealRedisThatAnswersCommands() throws IOException {
    assertThat(RespClient.call(redis.host(), redis.port(), 2000, "SET", "k", "v")).isEqualTo("OK");
    assertThat(RespClient.call(redis.host(), redis.port(), 2000, "GET", "k")).isEqualTo("v");
    assertThat(RespClient.call(redis.host(), redis.port(), 2000, "INFO", "server")).contains("redis_version:");
  }

  @Test
  @Order(2)
  void flushesBetweenTests() throws IOException {
    assertThat(RespClient.call(redis.host(), redis.port(), 2000, "DBSIZE")).isEqualTo("0");
  }

  @Test
  @Order(3)
  void aKilledServerIsGoneAndComesBackEmptyOnTheSamePortWithoutAppendOnly() throws IOException {
    RespClient.call(redis.host(), redis.port(), 2000, "SET", "k", "v");
    int port = redis.port();
    redis.kill();
    assertThat(redis.isRunning()).isFalse();
    assertThatThrownBy(() -> RespClient.call(redis.host(), port, 500, "PING")).isInstanceOf(IOException.class);

    redis.start();

    assertThat(redis.port()).isEqualTo(port);
    assertThat(RespClient.call(redis.host(), port, 2000, "EXISTS", "k")).isEqualTo("0");
  }

  @Test
  @Order(4)
  void aTestThatLeftTheServerStoppedDoesNotBreakTheNext() {
    redis.stop();
  }

  @Test
  @Order(5)
  void theServerIsRunningAgainAfterAStoppedTest() {
    assertThat(RespClient.ping(redis.host(), redis.port())).isTrue();
  }
}
