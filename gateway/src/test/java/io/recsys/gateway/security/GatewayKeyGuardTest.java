package io.recsys.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gateway.ratelimit.LocalTokenBucket;
import io.recsys.gateway.ratelimit.RateLimit;
import io.recsys.gateway.security.ApiKeyRegistry.KeyEntry;
import io.recsys.gateway.security.ApiKeyRegistry.Role;
import io.recsys.starter.security.ApiKeyException;
import io.recsys.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class GatewayKeyGuardTest {
  private static final String API_KEY = "api-key-0123456789";
  private static final String ADMIN_KEY = "admin-key-0123456789";
  private static final String PARTNER_KEY = "partner-key-0123456789";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final ApiKeyRegistry keys = new ApiKeyRegistry(List.of(
      new KeyEntry("partner", ApiKeyRegistry.sha256Hex(PARTNER_KEY), Role.API, new RateLimit(1, 2))), API_KEY, ADMIN_KEY);
  private final GatewayKeyGuard guard = new GatewayKeyGuard(keys, new LocalTokenBucket(clock), new RateLimit(10, 3),
      GatewayKeyGuard.DEFAULT_ADMIN_PATHS);

  private static MockHttpServletRequest request(String method, String path, String key) {
    MockHttpServletRequest r = new MockHttpServletRequest(method, path);
    r.setRemoteAddr("192.0.2.7");
    if (key != null) r.addHeader(GatewayKeyGuard.HEADER, key);
    return r;
  }

  private boolean call(GatewayKeyGuard g, MockHttpServletRequest request, MockHttpServletResponse response) throws Exception {
    return g.preHandle(request, response, new Object());
  }

  private static HttpStatus refusal(GatewayKeyGuard g, MockHttpServletRequest request) {
    try {
      g.preHandle(request, new MockHttpServletResponse(), new Object());
    } catch (ApiKeyException e) {
      return e.status();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the call was not refused");
  }

  @Test
  void aMissingKeyIs401() {
    assertThat(refusal(guard, request("GET", "/v1/recommendations", null))).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(refusal(guard, request("GET", "/v1/recommendations", "  "))).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void anUnknownKeyIs401() {
    assertThatThrownBy(() -> call(guard, request("GET", "/v1/recommendations", "nope"), new MockHttpServletResponse()))
        .isInstanceOf(ApiKeyException.class)
        .hasMessage("unknown API key");
  }

  @Test
  void twoKeyHeadersAre400EvenWhenOneIsRight() {
    MockHttpServletRequest r = request("GET", "/v1/recommendations", ADMIN_KEY);
    r.addHeader(GatewayKeyGuard.HEADER, "wrong");
    assertThat(refusal(guard, r)).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void anApiKeyMayReadAndPostAndIsRecordedByName() throws Exception {
    MockHttpServletRequest r = request("POST", "/v1/events", API_KEY);
    MockHttpServletResponse response = new MockHttpServletResponse();
    assertThat(call(guard, r, response)).isTrue();
    assertThat(r.getAttribute(GatewayKeyGuard.KEY_NAME_ATTRIBUTE)).isEqualTo("env-api");
    assertThat(response.getHeader(GatewayKeyGuard.LIMIT_HEADER)).isEqualTo("3");
    assertThat(response.getHeader(GatewayKeyGuard.REMAINING_HEADER)).isEqualTo("2");
  }

  @Test
  void anApiKeyOnDeleteIs403() {
    assertThatThrownBy(() -> call(guard, request("DELETE", "/v1/users/u1", API_KEY), new MockHttpServletResponse()))
        .isInstanceOf(ApiKeyException.class)
        .hasMessage("this call needs an admin key")
        .extracting(e -> ((ApiKeyException) e).status()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void anApiKeyOnAnAdminPathIs403WhateverTheMethodOrSpelling() {
    for (String path : List.of("/v1/admin/keys", "/v1/admin", "/v1/experiments/exp-1/reload", "/v1/experiments/exp-1/reload/",
        "/v1//admin/x", "/V1/Admin/x", "/v1/%61dmin/x")) {
      assertThat(refusal(guard, request("GET", path, API_KEY))).as(path).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(refusal(guard, request("POST", path, API_KEY))).as(path).isEqualTo(HttpStatus.FORBIDDEN);
    }
  }

  @Test
  void adminPathsAreMatchedWithinTheApplication() throws Exception {
    MockHttpServletRequest r = request("GET", "/gw/v1/admin/keys", API_KEY);
    r.setContextPath("/gw");
    assertThat(refusal(guard, r)).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(guard, request("GET", "/v1/experiments/exp-1/report", API_KEY), new MockHttpServletResponse())).isTrue();
  }

  @Test
  void anAdminKeyMayDeleteAndUseTheAdminPaths() throws Exception {
    MockHttpServletRequest delete = request("DELETE", "/v1/users/u1", ADMIN_KEY);
    assertThat(call(guard, delete, new MockHttpServletResponse())).isTrue();
    assertThat(delete.getAttribute(GatewayKeyGuard.KEY_NAME_ATTRIBUTE)).isEqualTo("env-admin");
    assertThat(call(guard, request("POST", "/v1/experiments/exp-1/reload", ADMIN_KEY), new MockHttpServletResponse())).isTrue();
  }

  @Test
  void customAdminPathsReplaceTheDefaults() throws Exception {
    GatewayKeyGuard custom = new GatewayKeyGuard(keys, new LocalTokenBucket(clock), RateLimit.DEFAULT, List.of("/v1/ops/**"));
    assertThat(refusal(custom, request("GET", "/v1/ops/flush", API_KEY))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(custom, request("GET", "/v1/admin/keys", API_KEY), new MockHttpServletResponse())).isTrue();
    assertThatThrownBy(() -> new GatewayKeyGuard(keys, new LocalTokenBucket(clock), RateLimit.DEFAULT, List.of("v1/x")))
        .hasMessageContaining("must start with '/'");
  }

  @Test
  void afterTheBurstTheCallIs429ProblemJsonWithRetryAfterAndTheLimitHeaders() throws Exception {
    for (int i = 0; i < 3; i++) assertThat(call(guard, request("GET", "/v1/recommendations", API_KEY), new MockHttpServletResponse())).isTrue();
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockHttpServletRequest fourth = request("GET", "/v1/recommendations", API_KEY);
    fourth.setQueryString("user=u1");
    assertThat(call(guard, fourth, response)).isFalse();

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(response.getHeader("Retry-After")).isEqualTo("1"); // 100 ms, rounded up to a whole second
    assertThat(response.getHeader(GatewayKeyGuard.LIMIT_HEADER)).isEqualTo("3");
    assertThat(response.getHeader(GatewayKeyGuard.REMAINING_HEADER)).isEqualTo("0");
    assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"urn:recsys:problem:rate-limited\",\"title\":\"Too Many Requests\","
        + "\"status\":429,\"detail\":\"rate limit exceeded: this key may make 10 calls per second on average, in bursts of up to 3; "
        + "retry in 1 s\",\"instance\":\"/v1/recommendations\"}");

    clock.advance(Duration.ofMillis(100));
    assertThat(call(guard, request("GET", "/v1/recommendations", API_KEY), new MockHttpServletResponse())).isTrue();
  }

  @Test
  void aKeyWithItsOwnLimitUsesItAndRetryAfterFollowsTheRate() throws Exception {
    for (int i = 0; i < 2; i++) call(guard, request("GET", "/v1/items/i1", PARTNER_KEY), new MockHttpServletResponse());
    clock.advance(Duration.ofMillis(100));
    MockHttpServletResponse response = new MockHttpServletResponse();
    assertThat(call(guard, request("GET", "/v1/items/i1", PARTNER_KEY), response)).isFalse();
    assertThat(response.getHeader("Retry-After")).isEqualTo("1"); // 900 ms to the next permit
    assertThat(response.getHeader(GatewayKeyGuard.LIMIT_HEADER)).isEqualTo("2");
  }

  @Test
  void eachKeyHasItsOwnBucket() throws Exception {
    for (int i = 0; i < 3; i++) call(guard, request("GET", "/v1/recommendations", API_KEY), new MockHttpServletResponse());
    assertThat(call(guard, request("GET", "/v1/recommendations", API_KEY), new MockHttpServletResponse())).isFalse();
    assertThat(call(guard, request("GET", "/v1/recommendations", ADMIN_KEY), new MockHttpServletResponse())).isTrue();
  }

  @Test
  void refusedKeysTakeNoPermits() throws Exception {
    for (int i = 0; i < 10; i++) refusal(guard, request("DELETE", "/v1/users/u1", API_KEY));
    MockHttpServletResponse response = new MockHttpServletResponse();
    assertThat(call(guard, request("GET", "/v1/recommendations", API_KEY), response)).isTrue();
    assertThat(response.getHeader(GatewayKeyGuard.REMAINING_HEADER)).isEqualTo("2");
  }

  @Test
  void withNoKeysConfiguredTheApiIsOpenButLimitedPerAddress() throws Exception {
    GatewayKeyGuard open = new GatewayKeyGuard(new ApiKeyRegistry(List.of()), new LocalTokenBucket(clock), new RateLimit(10, 2),
        null);
    MockHttpServletRequest first = request("GET", "/v1/recommendations", null);
    assertThat(call(open, first, new MockHttpServletResponse())).isTrue();
    assertThat(first.getAttribute(GatewayKeyGuard.KEY_NAME_ATTRIBUTE)).isEqualTo(GatewayKeyGuard.ANONYMOUS);
    assertThat(call(open, request("GET", "/v1/recommendations", "anything"), new MockHttpServletResponse())).isTrue();
    assertThat(call(open, request("GET", "/v1/recommendations", null), new MockHttpServletResponse())).isFalse();

    MockHttpServletRequest elsewhere = request("GET", "/v1/recommendations", null);
    elsewhere.setRemoteAddr("2001:db8::1");
    assertThat(call(open, elsewhere, new MockHttpServletResponse())).as("another address, another bucket").isTrue();
  }

  @Test
  void withNoKeysConfiguredDeleteAndAdminPathsStayRefused() {
    GatewayKeyGuard open = new GatewayKeyGuard(new ApiKeyRegistry(List.of()), new LocalTokenBucket(clock));
    assertThat(refusal(open, request("DELETE", "/v1/users/u1", null))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refusal(open, request("POST", "/v1/experiments/e/reload", null))).isEqualTo(HttpStatus.FORBIDDEN);
  }
}
