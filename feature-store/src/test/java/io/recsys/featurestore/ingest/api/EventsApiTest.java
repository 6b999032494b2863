package io.recsys.featurestore.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.ServiceTest;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.ingest.stream.IngestEvent;
import io.recsys.featurestore.ingest.stream.StreamEntryCodec;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.testsupport.MutableClock;
import io.recsys.starter.security.ApiKeyInterceptor;
import io.recsys.testsupport.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API against the running service (real HTTP on a random port) and a real Redis. */
@ServiceTest
@TestPropertySource(properties = {"recsys.redis.command-timeout=300ms", "recsys.ingest.max-events=5",
    "recsys.ingest.max-body-bytes=4096", "recsys.ingest.workers=1"})
@Import(EventsApiTest.FixedClock.class)
class EventsApiTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final MutableClock clock = new MutableClock(Instant.ofEpochSecond(System.currentTimeMillis() / 1000));
  private static final Instant NOW = clock.instant();

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("recsys.redis.url", redis::uri);
  }

  /** The service's clock stands still at {@code NOW}: timestamps relative to it are exact. */
  @TestConfiguration
  static class FixedClock {
    @Bean
    @Primary
    Clock testClock() {
      return clock;
    }
  }

  @Autowired EventStream stream;
  @Autowired FeatureStore store;
  private final ApiClient service;

  EventsApiTest(@LocalServerPort int port) {
    this.service = new ApiClient(port);
  }

  static String event(String id, String user, String item, String type, double value, String ts) {
    return "{\"eventId\":\"" + id + "\",\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"" + type
        + "\",\"value\":" + value + ",\"timestamp\":\"" + ts + "\"}";
  }

  static String valid(String id) {
    return event(id, "u1", "i1", "click", 1, NOW.minusSeconds(60).toString());
  }

  private static JsonNode assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(r.body()).doesNotContain("\tat ", "Exception");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(status);
    return p;
  }

  /** Posts a batch whose event {@code index} is broken as given; expects that one error, naming index and field. */
  private void assertRejected(String brokenEvent, String field, String messagePart) {
    long before = stream.length();
    HttpResponse<String> r = service.post("/v1/events", "[" + valid("ok-0") + "," + brokenEvent + "]");
    JsonNode p = assertProblem(r, 400);
    JsonNode errors = p.get("errors");
    assertThat(errors.size()).as(r.body()).isEqualTo(1);
    assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(errors.get(0).get("field").asString()).isEqualTo(field);
    assertThat(errors.get(0).get("message").asString()).contains(messagePart);
    assertThat(stream.length()).as("nothing of a rejected batch is appended").isEqualTo(before);
  }

  @Test
  void servesItsOpenApiDocument() {
    HttpResponse<String> r = service.get("/v3/api-docs");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.get("paths").has("/v1/events")).isTrue();
    assertThat(doc.get("paths").has("/v1/users/{userId}/history")).isTrue();
  }

  @Test
  void unknownTypeIsRejectedNamingTheEventAndField() {
    assertRejected(event("e", "u", "i", "clik", 1, NOW.toString()), "type", "unknown type 'clik'");
  }

  @Test
  void missingOrBlankIdsAreRejected() {
    assertRejected("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"click\",\"timestamp\":\"" + NOW + "\"}", "eventId", "missing");
    assertRejected(event("e", " ", "i", "click", 1, NOW.toString()), "userId", "blank");
    assertRejected(event("e", "u", "", "click", 1, NOW.toString()), "itemId", "blank");
    assertRejected("{\"eventId\":7,\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"click\",\"timestamp\":\"" + NOW + "\"}",
        "eventId", "expected a string");
  }

  @Test
  void unparseableAndFarFutureTimestampsAreRejected() {
    assertRejected(event("e", "u", "i", "click", 1, "yesterday"), "timestamp", "not an ISO-8601 instant");
    assertRejected(event("e", "u", "i", "click", 1, NOW.plus(Duration.ofMinutes(6)).toString()), "timestamp", "in the future");
    // within the 5-minute skew, and an offset instead of Z: fine
    HttpResponse<String> ok = service.post("/v1/events", "[" + event("skew-ok", "u9", "i", "click", 1,
        // Formatted with seconds always (OffsetDateTime.toString() drops ":00", which is not an instant).
        java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(NOW.plus(Duration.ofMinutes(4))
            .atOffset(java.time.ZoneOffset.ofHours(2)))) + "]");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
  }

  @Test
  void idsThatAreNotValidUnicodeAreRefusedSoTwoIdsNeverMerge() {
    // Two lone surrogates used to land in one history ("X?x") and one event id.
    assertRejected(event("e", "X\\ud800x", "i", "click", 1, NOW.toString()), "userId", "lone surrogate");
    assertRejected(event("e", "X\\udbffx", "i", "click", 1, NOW.toString()), "userId", "lone surrogate");
    assertRejected(event("e\\udfff", "u", "i", "click", 1, NOW.toString()), "eventId", "lone surrogate");
    assertRejected(event("e", "u", "\\udc00", "click", 1, NOW.toString()), "itemId", "lone surrogate");
    // A surrogate pair (an emoji) is one character; 256 of them fit the limit, 257 do not.
    String emoji = "\uD83D\uDE00";
    HttpResponse<String> ok = service.post("/v1/events", "[" + event("emoji-256", emoji.repeat(256), "i", "click", 1,
        NOW.minusSeconds(1).toString()) + "]");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    assertRejected(event("e", emoji.repeat(257), "i", "click", 1, NOW.toString()), "userId", "longer than 256 characters");
  }

  @Test
  void aKeyTwiceInOneEventIsRefusedNamingTheKey() {
    long before = stream.length();
    HttpResponse<String> r = service.post("/v1/events", "[{\"eventId\":\"d\",\"userId\":\"dupA\",\"userId\":\"dupB\","
        + "\"itemId\":\"i\",\"type\":\"click\",\"timestamp\":\"" + NOW + "\"}]");
    JsonNode p = assertProblem(r, 400);
    assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("userId");
    assertThat(p.get("errors").get(0).get("message").asString()).contains("duplicate key");
    assertThat(stream.length()).isEqualTo(before);
  }

  @Test
  void everyStringFieldFollowsOneRuleNoTrimmingAndNoControlCharacters() {
    assertRejected(event("e", "u", "i", " click\\u0000 ", 1, NOW.toString()), "type", "control character");
    assertRejected(event("e", "u", "i", " click ", 1, NOW.toString()), "type", "unknown type");
    assertRejected(event("e", "u\\u0007", "i", "click", 1, NOW.toString()), "userId", "control character");
  }

  @Test
  void timestampsBeforeTheConfiguredLowerBoundAreRefused() {
    assertRejected(event("e", "u", "i", "click", 1, "0001-01-01T00:00:00Z"), "timestamp", "before 1990-01-01T00:00:00Z");
    HttpResponse<String> ok = service.post("/v1/events", "[" + event("old-ok", "u9", "i", "click", 1, "1997-09-20T03:05:10Z") + "]");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
  }

  /** Every reserved URI character in a path id: the id is taken whole or refused, never another user's. */
  @Test
  void aPathIdIsTakenWholeOrRefusedNeverAnotherUsers() {
    String reserved = ";,=:@!$&'()*+/?#[]% ";
    for (char c : reserved.toCharArray()) {
      String victim = "victim" + (int) c;
      String other = victim + c + "x";
      assertThat(service.post("/v1/events", "[" + event("v-" + (int) c, victim, "mine", "click", 1, NOW.minusSeconds(5).toString())
          + "," + event("o-" + (int) c, other, "theirs", "click", 1, NOW.minusSeconds(5).toString()) + "]").statusCode()).isEqualTo(202);
    }
    awaitHistory("victim" + (int) ' ', 1);
    for (char c : reserved.toCharArray()) {
      String victim = "victim" + (int) c;
      String other = victim + c + "x";
      // Sub-delimiters, ':' and '@' may stand in a path as they are; everything else is percent-encoded.
      List<String> spellings = new ArrayList<>(List.of(victim + "%" + String.format("%02X", (int) c) + "x"));
      if (";,=:@!$&'()*+".indexOf(c) >= 0) spellings.add(other);
      for (String raw : spellings) {
        HttpResponse<String> h = service.get("/v1/users/" + raw + "/history");
        if (h.statusCode() == 200) {
          JsonNode body = JSON.readTree(h.body());
          assertThat(body.get("userId").asString()).as(raw).isEqualTo(other);
          assertThat(body.get("events").findValuesAsString("itemId")).as(raw).containsOnly("theirs");
        } else {
          assertProblem(h, h.statusCode()); // a raw ';' and an encoded '/' are refused, as problems
          assertThat(h.statusCode()).as(raw).isBetween(400, 499);
        }
      }
      for (String raw : spellings) {
        HttpResponse<String> d = service.delete("/v1/users/" + raw, ApiClient.ADMIN_KEY);
        assertThat(d.statusCode()).as(raw + ": " + d.body()).isIn(204, 400, 404);
        assertThat(store.history(victim, 10)).as("DELETE %s must not erase %s", raw, victim).hasSize(1);
      }
    }
  }

  private void awaitHistory(String user, int size) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (store.history(user, 10).size() < size) {
      assertThat(System.nanoTime()).as("events of " + user + " not applied").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void valuesOutOfRangeAreRejected() {
    assertRejected(event("e", "u", "i", "rating", 11, NOW.toString()), "value", "out of range");
    assertRejected(event("e", "u", "i", "rating", -0.5, NOW.toString()), "value", "out of range");
    assertRejected(event("e", "u", "i", "click", 1, NOW.toString()).replace("\"value\":1.0", "\"value\":1e400"), "value", "not finite");
    assertRejected("{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"click\",\"value\":\"1\",\"timestamp\":\""
        + NOW + "\"}", "value", "expected a number");
  }

  @Test
  void aPropensityIsAcceptedAndKeptInTheStreamAndAnImpossibleOneIsRejectedNamingIt() {
    String shown = event("p-ok", "pia", "i7", "impression", 1, NOW.minusSeconds(30).toString()).replace("}", ",\"propensity\":0.125}");
    HttpResponse<String> ok = service.post("/v1/events", "[" + shown + "]");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    // The durable log keeps it: what the workers decode carries the same propensity.
    IngestEvent kept = eventually(() -> lastEntries(20).stream().filter(e -> e.eventId().equals("p-ok")).findFirst().orElse(null));
    assertThat(kept.propensity()).isEqualTo(0.125);
    awaitHistory("pia", 1);

    long before = stream.length();
    String impossible = event("p-bad", "pia", "i8", "impression", 1, NOW.minusSeconds(30).toString()).replace("}", ",\"propensity\":1.5}");
    JsonNode p = assertProblem(service.post("/v1/events", "[" + impossible + "]"), 400);
    assertThat(p.get("type").asString()).isEqualTo("urn:recsys:problem:invalid-request");
    JsonNode errors = p.get("errors");
    assertThat(errors.size()).as(p.toString()).isEqualTo(1);
    assertThat(errors.get(0).get("index").asInt()).isZero();
    assertThat(errors.get(0).get("field").asString()).isEqualTo("propensity");
    assertThat(errors.get(0).get("message").asString()).contains("out of range: 1.5");
    assertThat(stream.length()).isEqualTo(before);

    assertRejected(valid("z").replace("}", ",\"propensity\":0}"), "propensity", "out of range");
    assertRejected(valid("z").replace("}", ",\"propensity\":-0.2}"), "propensity", "out of range");
    assertRejected(valid("z").replace("}", ",\"propensity\":\"NaN\"}"), "propensity", "expected a number");
    // Sent again with another propensity, the same id is another event: refused, as for any other field.
    JsonNode conflict = assertProblem(service.post("/v1/events", "[" + shown.replace("0.125", "0.25") + "]"), 409);
    assertThat(conflict.get("errors").get(0).get("message").asString()).contains("propensity");
    assertThat(service.post("/v1/events", "[" + shown + "]").statusCode()).as("the same event again is a retry").isEqualTo(202);
  }

  /** The newest {@code n} entries of the event stream, decoded as the workers decode them. */
  private List<IngestEvent> lastEntries(int n) {
    var c = stream.connection();
    var f = c.commands().xrevrange(stream.key(), Range.create("-", "+"), Limit.from(n));
    c.flush();
    List<IngestEvent> out = new ArrayList<>();
    for (StreamMessage<String, byte[]> m : c.await(f)) out.add(StreamEntryCodec.decode(m.getBody().get(StreamEntryCodec.FIELD)));
    return out;
  }

  @Test
  void unknownFieldsAndNonObjectsAreRejected() {
    assertRejected(event("e", "u", "i", "click", 1, NOW.toString()).replace("\"userId\"", "\"userID\":\"u\",\"userId\""),
        "userID", "unknown field");
    assertRejected("42", "event", "expected a JSON object");
  }

  @Test
  void oversizeBatchesAreRejectedByCountAndByBytes() {
    List<String> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) six.add(valid("n" + i));
    JsonNode byCount = assertProblem(service.post("/v1/events", "[" + String.join(",", six) + "]"), 400);
    assertThat(byCount.get("errors").get(0).get("message").asString()).contains("6 events", "limit of 5");

    String padded = "[" + valid("big").replace("\"u1\"", "\"" + "u".repeat(200) + "\"") + "]" + " ".repeat(5000);
    JsonNode byBytes = assertProblem(service.post("/v1/events", padded), 400);
    assertThat(byBytes.get("errors").get(0).get("message").asString()).contains("larger than 4096 bytes");
  }

  @Test
  void malformedJsonAndNonArraysAreRejected() {
    JsonNode p = assertProblem(service.post("/v1/events", "[{\"eventId\":"), 400);
    assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("body");
    assertThat(p.get("errors").get(0).get("message").asString()).contains("malformed JSON");
    assertProblem(service.post("/v1/events", "{\"eventId\":\"e\"}"), 400);
    assertProblem(service.post("/v1/events", "[]"), 400);
    assertProblem(service.post("/v1/events", ""), 400);
  }

  @Test
  void everyInvalidEventOfABatchIsListed() {
    String body = "[" + event("a", "u", "i", "clik", 1, NOW.toString()) + "," + valid("b") + ","
        + event("c", "u", "i", "click", 1, "never") + "]";
    JsonNode errors = assertProblem(service.post("/v1/events", body), 400).get("errors");
    assertThat(errors.size()).isEqualTo(2);
    assertThat(List.of(errors.get(0).get("index").asInt(), errors.get(1).get("index").asInt())).containsExactly(0, 2);
  }

  @Test
  void anAcceptedEventShowsUpInTheUsersHistory() {
    HttpResponse<String> r = service.post("/v1/events", "[" + event("h1", "alice", "book", "purchase", 1, NOW.minusSeconds(120).toString())
        + "," + event("h2", "alice", "pen", "click", 1, NOW.minusSeconds(60).toString()) + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).get("accepted").asInt()).isEqualTo(2);

    JsonNode history = eventually(() -> {
      JsonNode h = JSON.readTree(service.get("/v1/users/alice/history").body());
      return h.get("events").size() == 2 ? h : null;
    });
    assertThat(history.get("events").get(0).get("itemId").asString()).isEqualTo("pen");
    assertThat(history.get("events").get(1).get("type").asString()).isEqualTo("purchase");
    assertThat(history.get("events").get(1).get("timestamp").asString()).isEqualTo(NOW.minusSeconds(120).toString());
    assertThat(store.itemCounters("book").purchaseCount()).isEqualTo(1);
  }

  @Test
  void callsWithoutTheRightApiKeyAreUnauthorized() {
    HttpRequest.Builder noKey = HttpRequest.newBuilder(service.uri("/v1/users/u/history")).GET();
    assertProblem(service.send(noKey), 401);
    HttpRequest.Builder wrong = HttpRequest.newBuilder(service.uri("/v1/events"))
        .header(ApiKeyInterceptor.HEADER, "guess").POST(HttpRequest.BodyPublishers.ofString("[" + valid("x") + "]"));
    assertProblem(service.send(wrong), 401);
  }

  @Test
  void erasureNeedsTheAdminKeyAndRemovesTheHistory() {
    service.post("/v1/events", "[" + event("d1", "bob", "i", "click", 1, NOW.toString()) + "]");
    eventually(() -> JSON.readTree(service.get("/v1/users/bob/history").body()).get("events").size() == 1 ? true : null);

    assertProblem(service.delete("/v1/users/bob", ApiClient.API_KEY), 403);
    assertThat(service.delete("/v1/users/bob", ApiClient.ADMIN_KEY).statusCode()).isEqualTo(204);
    assertThat(JSON.readTree(service.get("/v1/users/bob/history").body()).get("events").size()).isZero();
  }

  @Test
  void clicksOnItemsOfOneClusterMakeTheUsersMixtureFavourIt() {
    store.putItemClusters(4, Map.of("m0", 2, "m1", 2, "m2", 0));
    String ts = NOW.minusSeconds(5).toString();
    HttpResponse<String> r = service.post("/v1/events", "[" + event("x1", "mia", "m0", "click", 1, ts) + ","
        + event("x2", "mia", "m1", "click", 1, ts) + "," + event("x3", "mia", "m2", "impression", 1, ts) + ","
        + event("x4", "mia", "m1", "purchase", 1, ts) + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    float[] w = eventually(() -> store.history("mia", 10).size() == 4 ? store.interestMixture("mia") : null);
    assertThat(w).hasSize(4);
    for (int j = 0; j < 4; j++) if (j != 2) assertThat(w[2]).as("cluster 2 over cluster %d", j).isGreaterThan(w[j]);
  }

  @Test
  void unknownPathsAndBadParametersAnswerProblemDetails() {
    assertProblem(service.get("/v1/nothing"), 404);
    assertProblem(service.get("/v1/users/u/history?limit=abc"), 400);
    assertProblem(service.get("/v1/users/u/history?limit=0"), 400);
  }

  @Test
  void aTimeoutAnswers503SayingTheBatchMayHaveBeenStoredAndItWas() {
    long before = stream.length();
    // Every client of this Redis waits 1.5 s: the service's 300 ms command timeout runs out first.
    var c = stream.connection();
    var pause = c.commands().clientPause(1500);
    c.flush();
    c.await(pause);
    HttpResponse<String> r = service.post("/v1/events", "[" + valid("paused-1") + "]");
    JsonNode p = assertProblem(r, 503);
    assertThat(p.get("detail").asString()).contains("may or may not have been stored").doesNotContain("nothing was stored");
    // ... and it was: Redis ran the append once the pause ended. A client told "nothing was stored"
    // might have sent these events again under new ids.
    eventually(() -> stream.length() > before ? Boolean.TRUE : null);
  }

  @Test
  void redisDownAnswers503AndAcceptsAgainAfterARestart() {
    redis.stop();
    HttpResponse<String> down = service.post("/v1/events", "[" + valid("r1") + "]");
    JsonNode p = assertProblem(down, 503);
    assertThat(p.get("detail").asString()).contains("nothing was stored");
    assertThat(down.headers().firstValue("Retry-After")).isPresent();
    assertThat(service.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
    assertThat(service.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

    redis.start();
    HttpResponse<String> up = eventually(() -> {
      HttpResponse<String> r = service.post("/v1/events", "[" + valid("r1") + "]");
      return r.statusCode() == 202 ? r : null;
    });
    assertThat(JSON.readTree(up.body()).get("accepted").asInt()).isEqualTo(1);
    assertThat(service.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void prometheusExposesTheIngestionMeters() {
    service.post("/v1/events", "[" + valid("m1") + "]");
    HttpResponse<String> r = service.get("/actuator/prometheus");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("recsys_ingest_events_accepted_total", "recsys_ingest_batches_rejected_total",
        "recsys_ingest_dead_letters_total", "recsys_ingest_stream_backlog");
  }

  /** Polls until {@code check} returns non-null (up to 10 s). */
  static <T> T eventually(Supplier<T> check) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      T v;
      try {
        v = check.get();
      } catch (RuntimeException e) {
        v = null;
        if (System.nanoTime() > deadline) throw e;
      }
      if (v != null) return v;
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
