package io.recsys.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  @Test
  void theDefaultIsFiftyPerSecondWithBurstsOfAHundred() {
    assertThat(RateLimit.DEFAULT).isEqualTo(new RateLimit(50, 100));
    assertThat(RateLimit.DEFAULT.fillTime()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void rejectsRatesThatAreNotPositiveOrTooHigh() {
    assertThatThrownBy(() -> new RateLimit(0, 10)).hasMessageContaining("permitsPerSecond must be positive");
    assertThatThrownBy(() -> new RateLimit(-1, 10)).hasMessageContaining("permitsPerSecond must be positive");
    assertThatThrownBy(() -> new RateLimit(Double.NaN, 10)).hasMessageContaining("permitsPerSecond");
    assertThatThrownBy(() -> new RateLimit(Double.POSITIVE_INFINITY, 10)).hasMessageContaining("at most 1000000");
  }

  @Test
  void rejectsABurstBelowOne() {
    assertThatThrownBy(() -> new RateLimit(1, 0)).hasMessageContaining("burst must be between 1 and");
  }

  @Test
  void aDecisionIsConsistent() {
    assertThatThrownBy(() -> new Decision(true, 1, Duration.ofSeconds(1))).hasMessageContaining("an allowed call has no retryAfter");
    assertThatThrownBy(() -> new Decision(false, 0, Duration.ZERO)).hasMessageContaining("positive retryAfter");
    assertThatThrownBy(() -> Decision.allow(-1)).hasMessageContaining("remaining must not be negative");
  }

  @Test
  void retryAfterSecondsRoundsUpAndIsAtLeastOne() {
    assertThat(Decision.refuse(0, Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
    assertThat(Decision.refuse(0, Duration.ofMillis(1000)).retryAfterSeconds()).isEqualTo(1);
    assertThat(Decision.refuse(0, Duration.ofMillis(1001)).retryAfterSeconds()).isEqualTo(2);
    assertThat(Decision.refuse(0, Duration.ofMillis(2500)).retryAfterSeconds()).isEqualTo(3);
  }
}
