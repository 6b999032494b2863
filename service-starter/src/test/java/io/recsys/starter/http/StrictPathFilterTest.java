package io.recsys.starter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrictPathFilterTest {
  @Test
  void pathsThatNameOneResourceAsWrittenPass() {
    for (String path : new String[] {"/", "/v1/users/a.b/history", "/v1/users/a%3Bb", "/v1/users/...", "/v1/users/%2E%2E%2E",
        "/v1/users/.hidden", "/v1/users/a%2Eb", "/v1/users/", "/actuator/health"}) {
      assertThat(StrictPathFilter.refusal(path)).as(path).isNull();
    }
  }

  @Test
  void pathsTheContainerWouldTurnIntoAnotherAreRefused() {
    for (String path : new String[] {"/v1/users/a;b", "/v1/users//a", "//v1/users/a", "/v1/users/x/../a", "/v1/users/./a",
        "/v1/users/x/%2e%2E/a", "/v1/users/%2E/a", "/v1/users/..", "/v1/users/x/.%2e"}) {
      assertThat(StrictPathFilter.refusal(path)).as(path).isNotNull();
    }
  }
}
