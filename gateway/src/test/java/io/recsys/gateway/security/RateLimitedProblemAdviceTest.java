package io.recsys.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gateway.ratelimit.Decision;
import io.recsys.gateway.ratelimit.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;

class RateLimitedProblemAdviceTest {
  @Test
  void aRateLimitedExceptionFromAControllerIsA429ProblemWithTheHeaders() {
    RateLimitedException e = new RateLimitedException(new RateLimit(0.5, 4), Decision.refuse(0, Duration.ofMillis(1500)));
    var answer = new RateLimitedProblemAdvice().rateLimited(e, new MockHttpServletRequest("GET", "/v1/recommendations"));
    assertThat(answer.getStatusCode().value()).isEqualTo(429);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("2");
    assertThat(answer.getHeaders().getFirst(GatewayKeyGuard.LIMIT_HEADER)).isEqualTo("4");
    assertThat(answer.getHeaders().getFirst(GatewayKeyGuard.REMAINING_HEADER)).isEqualTo("0");
    assertThat(answer.getBody().getType().toString()).isEqualTo("urn:recsys:problem:rate-limited");
    assertThat(answer.getBody().getDetail()).isEqualTo("rate limit exceeded: this key may make 0.500 calls per second on average, "
        + "in bursts of up to 4; retry in 2 s");
    assertThat(answer.getBody().getInstance().toString()).isEqualTo("/v1/recommendations");
  }

  @Test
  void anAllowedDecisionIsNoRateLimit() {
    assertThatThrownBy(() -> new RateLimitedException(RateLimit.DEFAULT, Decision.allow(3)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
