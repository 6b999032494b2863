package io.recsys.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.recsys.gateway.ratelimit.LocalTokenBucket;
import io.recsys.gateway.ratelimit.RateLimit;
import io.recsys.starter.problem.ProblemDetailsAdvice;
import io.recsys.testsupport.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The guard in front of a controller, with the starter's problem advice: what a client actually gets
 * for each refusal (401/403 through the starter's {@code api-key} problem, 429 written by the guard).
 */
class GuardProblemResponsesTest {
  private static final String API_KEY = "api-key-0123456789";
  private static final String ADMIN_KEY = "admin-key-0123456789";

  @RestController
  static class Endpoints {
    @GetMapping("/v1/recommendations")
    String recommendations() {
      return "ok";
    }

    @DeleteMapping("/v1/users/{id}")
    String erase() {
      return "erased";
    }
  }

  private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Endpoints())
      .addMappedInterceptors(new String[] {"/v1/**"}, new GatewayKeyGuard(new ApiKeyRegistry(List.of(), API_KEY, ADMIN_KEY),
          new LocalTokenBucket(new MutableClock(Instant.parse("2026-03-01T12:00:00Z"))), new RateLimit(1, 2), null))
      .setControllerAdvice(new RateLimitedProblemAdvice(), new ProblemDetailsAdvice(null, List.of()))
      .build();

  private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request).andReturn().getResponse();
  }

  @Test
  void aMissingKeyIsA401ApiKeyProblemWithWwwAuthenticate() throws Exception {
    MockHttpServletResponse r = perform(get("/v1/recommendations"));
    assertThat(r.getStatus()).isEqualTo(401);
    assertThat(r.getContentType()).startsWith("application/problem+json");
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("ApiKey header=\"X-API-Key\"");
    assertThat(r.getContentAsString()).contains("\"type\":\"urn:recsys:problem:api-key\"")
        .contains("\"detail\":\"missing X-API-Key header\"");
  }

  @Test
  void anApiKeyOnDeleteIsA403ApiKeyProblem() throws Exception {
    MockHttpServletResponse r = perform(delete("/v1/users/u1").header("X-API-Key", API_KEY));
    assertThat(r.getStatus()).isEqualTo(403);
    assertThat(r.getContentType()).startsWith("application/problem+json");
    assertThat(r.getContentAsString()).contains("\"type\":\"urn:recsys:problem:api-key\"")
        .contains("\"detail\":\"this call needs an admin key\"");
    assertThat(perform(delete("/v1/users/u1").header("X-API-Key", ADMIN_KEY)).getStatus()).isEqualTo(200);
  }

  @Test
  void theBurstIsServedWithLimitHeadersThenA429Problem() throws Exception {
    MockHttpServletResponse first = perform(get("/v1/recommendations").header("X-API-Key", API_KEY));
    assertThat(first.getStatus()).isEqualTo(200);
    assertThat(first.getHeader("X-RateLimit-Limit")).isEqualTo("2");
    assertThat(first.getHeader("X-RateLimit-Remaining")).isEqualTo("1");
    assertThat(perform(get("/v1/recommendations").header("X-API-Key", API_KEY)).getStatus()).isEqualTo(200);

    MockHttpServletResponse refused = perform(get("/v1/recommendations").header("X-API-Key", API_KEY));
    assertThat(refused.getStatus()).isEqualTo(429);
    assertThat(refused.getContentType()).startsWith("application/problem+json");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.getHeader("X-RateLimit-Limit")).isEqualTo("2");
    assertThat(refused.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.getContentAsString()).startsWith("{\"type\":\"urn:recsys:problem:rate-limited\",\"title\":\"Too Many Requests\",\"status\":429,")
        .endsWith(",\"instance\":\"/v1/recommendations\"}");
  }
}
