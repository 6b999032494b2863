package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.starter.testapp.StartedService;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service started with no key at all (local use). */
class OpenServiceTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static StartedService service;

  @BeforeAll
  static void start() {
    service = StartedService.start("--management.endpoints.web.exposure.include=health,prometheus,info");
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  private static String detail(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode p = JSON.readTree(r.body());
    return p.get("detail").asString();
  }

  @Test
  void theStartersDefaultsGiveWayToTheServicesSettings() {
    assertThat(service.get("/actuator/info", null).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutAnApiKeyPublicReadsAreOpen() {
    assertThat(service.get("/v1/things/1", null).statusCode()).isEqualTo(200);
    assertThat(service.get("/v1/things/1", "anything").statusCode()).isEqualTo(200);
  }

  @Test
  void withoutAnAdminKeyDeleteIsRefused() {
    assertThat(detail(service.delete("/v1/things/1", null), 403)).isEqualTo("erasure is disabled: RECSYS_ADMIN_KEY is not set");
    assertThat(detail(service.delete("/v1/things/1", "anything"), 403)).isEqualTo("erasure is disabled: RECSYS_ADMIN_KEY is not set");
  }

  @Test
  void withoutAnInternalKeyInternalPathsAreClosed() {
    assertThat(detail(service.get("/internal/ping", null), 403)).isEqualTo("internal endpoints are disabled: RECSYS_INTERNAL_KEY is not set");
    assertThat(detail(service.get("/internal/ping", "anything"), 403)).isEqualTo("internal endpoints are disabled: RECSYS_INTERNAL_KEY is not set");
  }
}
