package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.ServiceTest;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever the body, {@code POST /v1/events} answers 202 or a 400 problem, never a 5xx: random text,
 * truncated batches, and valid batches with fields replaced by hostile JSON values. One service (with
 * its own embedded Redis, as {@code ./recsys serve} runs it without REDIS_URL) for the whole class;
 * each seeded invocation posts one generated body.
 */
@ServiceTest
@TestPropertySource(properties = "recsys.ingest.workers=1")
class EventsFuzzProperties {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> FIELDS = List.of("eventId", "userId", "itemId", "type", "value", "timestamp", "requestId",
      "propensity", "extra");
  private static final List<String> HOSTILE = List.of("null", "true", "1e400", "-1e400", "-0", "\"\"", "\"  \"", "[]", "{}",
      "\"\\u0000\"", "123456789012345678901234567890", "\"clik\"", "\"2026-13-45T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"",
      "\"9999-12-31T23:59:59Z\"", "\"1970-01-01T00:00:00Z\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", "{\"a\":{\"b\":[null]}}",
      "\"" + "x".repeat(300) + "\"", "\"{u:1}\"", "\"\\ud800\"", "NaN", "0x10", "'single'", "1.5", "11", "-3");
  @TempDir static Path redisDir;

  @DynamicPropertySource
  static void embeddedRedis(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.embedded-dir", redisDir::toString);
  }

  private final ApiClient service;

  EventsFuzzProperties(@LocalServerPort int port) {
    this.service = new ApiClient(port);
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 200)
  void fuzzedBodiesNeverGetA5xx(long seed) {
    String body = body(new Gen(seed));
    HttpResponse<String> r = service.post("/v1/events", body);
    Seeds.check(seed, body, () -> {
      assertThat(r.statusCode()).as("answer %s", r.body()).isIn(202, 400);
      if (r.statusCode() == 400) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(r.body()).get("errors").size()).isPositive();
      }
    });
  }

  /** Five in eight a batch of mutated events, two in eight such a batch truncated anywhere, one in eight any text. */
  private static String body(Gen gen) {
    int kind = gen.random().nextInt(8);
    if (kind == 7) return gen.string(0, 200);
    String batch = "[" + String.join(",", gen.list(1, 4, () -> eventWith(gen.oneOf(FIELDS), hostileValue(gen), gen))) + "]";
    return kind < 5 ? batch : batch.substring(0, gen.intBetween(0, batch.length()));
  }

  /** One of the hostile JSON values above, or any text as a JSON string. */
  private static String hostileValue(Gen gen) {
    return gen.chance(0.5) ? gen.oneOf(HOSTILE) : JSON.writeValueAsString(gen.string(0, 40));
  }

  /** A valid event whose {@code field} is replaced by (or, for "extra", joined by) {@code value}. */
  private static String eventWith(String field, String value, Gen gen) {
    StringBuilder b = new StringBuilder("{");
    // A fresh event id per event (a repeated one would be a duplicate, which is accepted as such).
    Map<String, String> valid = Map.of("eventId", "\"e-" + Long.toHexString(gen.random().nextLong()) + "\"", "userId", "\"u1\"", "itemId", "\"i1\"",
        "type", "\"click\"", "value", "1", "timestamp", "\"" + java.time.Instant.now().minusSeconds(5) + "\"", "requestId", "\"r\"",
        "propensity", "0.5");
    for (String f : FIELDS) {
      String v = f.equals(field) ? value : valid.get(f);
      if (v == null) continue;
      if (b.length() > 1) b.append(',');
      b.append('"').append(f).append("\":").append(v);
    }
    return b.append('}').toString();
  }
}
