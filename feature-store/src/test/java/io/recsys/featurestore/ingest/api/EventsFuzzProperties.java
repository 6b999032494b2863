package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.featurestore.ingest.RunningService;
import io.recsys.testsupport.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever the body, {@code POST /v1/events} answers 202 or a 400 problem, never a 5xx: random text,
 * truncated batches, and valid batches with fields replaced by hostile JSON values. One service (with
 * its own embedded Redis) for the whole class.
 */
class EventsFuzzProperties {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> FIELDS = List.of("eventId", "userId", "itemId", "type", "value", "timestamp", "requestId", "extra");
  private static final List<String> HOSTILE = List.of("null", "true", "1e400", "-1e400", "-0", "\"\"", "\"  \"", "[]", "{}",
      "\"\\u0000\"", "123456789012345678901234567890", "\"clik\"", "\"2026-13-45T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"",
      "\"9999-12-31T23:59:59Z\"", "\"1970-01-01T00:00:00Z\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", "{\"a\":{\"b\":[null]}}",
      "\"" + "x".repeat(300) + "\"", "\"{u:1}\"", "\"\\ud800\"", "NaN", "0x10", "'single'", "1.5", "11", "-3");
  private static RunningService service;
  private static Path redisDir;

  @BeforeContainer
  static void start() throws IOException {
    redisDir = Files.createTempDirectory("recsys-fuzz-redis-");
    service = RunningService.start(MutableClock.atSystemTime(), Map.of("recsys.redis.embedded-dir", redisDir.toString(),
        "recsys.ingest.workers", "1"));
  }

  @AfterContainer
  static void stop() {
    if (service != null) service.close();
    try (var files = Files.walk(redisDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  @Property(tries = 200)
  void fuzzedBodiesNeverGetA5xx(@ForAll("bodies") String body) {
    HttpResponse<String> r = service.post("/v1/events", body);
    assertThat(r.statusCode()).as("%s -> %s", body, r.body()).isIn(202, 400);
    if (r.statusCode() == 400) {
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(JSON.readTree(r.body()).get("errors").size()).isPositive();
    }
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> hostileValue = Arbitraries.oneOf(Arbitraries.of(HOSTILE),
        Arbitraries.strings().ofMaxLength(40).map(s -> JSON.writeValueAsString(s)));
    Arbitrary<String> mutatedEvent = Combinators.combine(Arbitraries.of(FIELDS), hostileValue).as(EventsFuzzProperties::eventWith);
    Arbitrary<String> mutatedBatch = mutatedEvent.list().ofMinSize(1).ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> truncated = mutatedBatch.flatMap(b -> Arbitraries.integers().between(0, b.length()).map(n -> b.substring(0, n)));
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(200);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, mutatedBatch), net.jqwik.api.Tuple.of(2, truncated), net.jqwik.api.Tuple.of(1, text));
  }

  /** A valid event whose {@code field} is replaced by (or, for "extra", joined by) {@code value}. */
  private static String eventWith(String field, String value) {
    StringBuilder b = new StringBuilder("{");
    Map<String, String> valid = Map.of("eventId", "\"e-" + System.nanoTime() + "\"", "userId", "\"u1\"", "itemId", "\"i1\"",
        "type", "\"click\"", "value", "1", "timestamp", "\"" + java.time.Instant.now().minusSeconds(5) + "\"", "requestId", "\"r\"");
    for (String f : FIELDS) {
      String v = f.equals(field) ? value : valid.get(f);
      if (v == null) continue;
      if (b.length() > 1) b.append(',');
      b.append('"').append(f).append("\":").append(v);
    }
    return b.append('}').toString();
  }
}
