package io.recsys.featurestore.ingest.api;

import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates one hostile HTTP request from a seed, as the exact bytes to write: calls of every endpoint
 * of the feature store (events, history, erasure, actuator, OpenAPI, internal, the error path, unknown
 * paths) with wrong methods, keys, media types, ids, parameters, headers and bodies; raw protocol
 * garbage (malformed request lines, bad encodings, oversized or broken headers, conflicting framing,
 * bad chunking); and calls about ids next to the canary users' (case, spaces, NUL, zero-width and
 * look-alike characters, Redis patterns and hash tags, path tricks). Every request is complete: the
 * server has all it needs to answer at once.
 */
final class HostileRequests {
  /** Users whose histories no hostile request may change. */
  static final List<String> CANARIES = List.of("canary-0", "canary-1", "Canary-Ünï", "canary.dot", "42");
  static final String INTERNAL_KEY = "hostile-internal-key";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
      "PROPFIND", "BREW", "get", "Post", "M-SEARCH", "GET\tX");
  private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "text/xml",
      "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data; boundary=zz", "text/json",
      "application/json; charset=ISO-8859-1", "application/json; charset=utf-16", "application/json; charset=nonsense", "json", "/",
      "application/", "*/*", "application/*", "", "application/json, text/plain", "application/json;;", "application/json; charset=");
  private static final List<String> JSON_TYPES = List.of("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
      "APPLICATION/JSON", "application/vnd.recsys.events+json", "application/problem+json");
  private static final List<String> ACCEPTS = List.of("*/*", "application/json", "text/html", "application/xml", "application/problem+json",
      "text/*", "garbage", "", "application/json;q=0", "image/png", "text/html, application/xhtml+xml;q=0.9");
  private static final List<String> ACTUATOR = List.of("/actuator", "/actuator/", "/actuator/health", "/actuator/health/liveness",
      "/actuator/health/readiness", "/actuator/prometheus", "/actuator/env", "/actuator/info", "/actuator/heapdump",
      "/actuator/shutdown", "/actuator/health/redis", "/actuator/metrics");
  private static final List<String> DOCS = List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config",
      "/v3/api-docs/x", "/swagger-ui.html", "/swagger-ui/index.html");
  private static final List<String> UNKNOWN = List.of("/", "/v1", "/v1/", "/v1/users", "/v1/users/", "/v2/events", "/V1/events",
      "/v1/events/", "/v1/events/x", "/v1/users/a/b/c", "/favicon.ico", "/index.html", "/.env", "/static/app.js", "/robots.txt",
      "/v1/users/u/history/", "/v1/users/u/history/x", "/internal", "*");
  private static final List<String> LIMITS = List.of("1", "50", "200", "0", "-1", "201", "1000", "1001", "2147483648", "99999999999999999999", "abc", "",
      "1e3", "0x10", "%201", "1%00", "5&limit=7", "1.5", "%2B5", "NaN", "-0");
  private static final List<String> TYPES = List.of("impression", "click", "cart", "purchase", "rating", "add-to-cart", "CLICK", "clik",
      "", "click\u0000", "view");

  /** How the server answers a request that is no HTTP/1.x request for a resource. */
  enum Answer {
    /** An HTTP/1.x response. */
    RESPONSE,
    /** The HTTP/2 connection preface on an HTTP/1.1 port: the server may close without a word. */
    MAY_CLOSE,
    /** An HTTP/0.9 request ({@code GET /}, no version): the body alone, no status line, then the close. */
    BODY_ONLY,
    /** {@code OPTIONS *}, about the server, answered by Tomcat before any application code: no body. */
    SERVER_WIDE
  }

  /** One generated request: a label for the failure message, its bytes, and how to read its answer. */
  record HostileRequest(String kind, byte[] bytes, boolean head, boolean wellFramed, Answer answer) {
    HostileRequest(String kind, byte[] bytes, boolean head, boolean wellFramed) {
      this(kind, bytes, head, wellFramed, answerTo(bytes));
    }

    @Override
    public String toString() {
      byte[] shown = bytes.length > 3000 ? Arrays.copyOf(bytes, 3000) : bytes;
      return kind + " (" + bytes.length + " bytes): " + RawHttp.printable(shown) + (bytes.length > 3000 ? "..." : "");
    }
  }

  private HostileRequests() {}

  private static Answer answerTo(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
    if (line.startsWith("PRI * HTTP/2.0")) return Answer.MAY_CLOSE;
    if (line.startsWith("OPTIONS * ")) return Answer.SERVER_WIDE;
    // Two tokens and no version, nothing odd in them: an HTTP/0.9 request.
    if (line.matches("[A-Za-z]+ [!-~]+")) return Answer.BODY_ONLY;
    return Answer.RESPONSE;
  }

  static HostileRequest generate(Gen gen, Instant now) {
    int pick = gen.intBetween(0, 99);
    if (pick < 55) return apiCall(gen, now);
    if (pick < 80) return garbage(gen);
    return nearCanaryCall(gen, now);
  }

  // --- calls of the endpoints ---------------------------------------------------------------------

  private static HostileRequest apiCall(Gen gen, Instant now) {
    int endpoint = gen.intBetween(0, 99);
    String method;
    String path;
    String kind;
    if (endpoint < 25) {
      kind = "events";
      method = "POST";
      path = "/v1/events" + (gen.chance(0.1) ? "?" + query(gen) : "");
    } else if (endpoint < 45) {
      kind = "history";
      method = "GET";
      path = "/v1/users/" + idSegment(gen, hostileId(gen)) + "/history" + (gen.chance(0.5) ? "?limit=" + gen.oneOf(LIMITS) : "")
          + (gen.chance(0.1) ? "&" + query(gen) : "");
    } else if (endpoint < 60) {
      kind = "erase";
      method = "DELETE";
      path = "/v1/users/" + idSegment(gen, hostileId(gen));
    } else if (endpoint < 72) {
      kind = "actuator";
      method = "GET";
      path = gen.oneOf(ACTUATOR);
    } else if (endpoint < 78) {
      kind = "docs";
      method = "GET";
      path = gen.oneOf(DOCS);
    } else if (endpoint < 86) {
      kind = "internal";
      method = gen.oneOf("GET", "POST");
      path = "/internal/" + idSegment(gen, gen.string(0, 20));
    } else if (endpoint < 90) {
      kind = "error path";
      method = gen.oneOf("GET", "POST", "PUT", "DELETE");
      path = gen.oneOf("/error", "/error/x", "/error?x=1");
    } else {
      kind = "unknown path";
      method = gen.oneOf(METHODS);
      path = gen.chance(0.7) ? gen.oneOf(UNKNOWN) : "/" + idSegment(gen, gen.string(0, 30));
    }
    if (gen.chance(0.2)) method = gen.oneOf(METHODS);
    boolean wellFramed = !path.contains(" ") && !path.contains("\r") && !path.contains("\n") && !method.contains("\t");

    Request r = new Request(method, path);
    headers(gen, r, kind);
    boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? gen.chance(0.9) : gen.chance(0.1);
    if (hasBody) {
      byte[] body = kind.equals("events") || gen.chance(0.3) ? eventsBody(gen, now, hostileId(gen)) : anyBody(gen);
      r.header("Content-Type", gen.chance(0.7) ? gen.oneOf(JSON_TYPES) : gen.oneOf(CONTENT_TYPES));
      r.body(body, gen.chance(0.15));
    } else if (gen.chance(0.05)) {
      r.header("Content-Type", gen.oneOf(CONTENT_TYPES));
    }
    wellFramed &= r.wellFramed;
    return new HostileRequest(kind + " " + method, r.bytes(), method.equals("HEAD"), wellFramed);
  }

  /** Users near the canaries: posted about, read, erased (with the admin key) — never the canaries. */
  private static HostileRequest nearCanaryCall(Gen gen, Instant now) {
    String id = nearCanary(gen);
    Request r;
    String kind;
    switch (gen.intBetween(0, 2)) {
      case 0 -> {
        kind = "near-canary events";
        r = new Request("POST", "/v1/events");
        r.header("Host", "x");
        r.header("X-API-Key", gen.chance(0.8) ? ApiClient.API_KEY : ApiClient.ADMIN_KEY);
        r.header("Content-Type", "application/json");
        r.body(eventsBody(gen, now, id), gen.chance(0.2));
      }
      case 1 -> {
        kind = "near-canary erase";
        r = new Request("DELETE", "/v1/users/" + nearCanarySegment(gen, id));
        r.header("Host", "x");
        r.header("X-API-Key", ApiClient.ADMIN_KEY);
      }
      default -> {
        kind = "near-canary history";
        r = new Request("GET", "/v1/users/" + nearCanarySegment(gen, id) + "/history");
        r.header("Host", "x");
        r.header("X-API-Key", ApiClient.API_KEY);
      }
    }
    return new HostileRequest(kind + " [" + RawHttp.printable(id.getBytes(StandardCharsets.UTF_8)) + "]", r.bytes(), false, r.wellFramed);
  }

  /**
   * The id as a path segment: percent-encoded as it should be, or, one time in eight, a path trick
   * around a canary that a server might resolve to the canary itself.
   */
  private static String nearCanarySegment(Gen gen, String id) {
    if (!gen.chance(0.125)) return encode(id);
    String canary = encode(gen.oneOf(CANARIES));
    return gen.oneOf(canary + ";x=1", canary + ";", "x/../" + canary, "x/%2E%2E/" + canary, "./" + canary, "/" + canary,
        canary + "/", canary + "%00", canary + "%2F", canary + "/.", canary + "%3B", canary + "#x", canary + "%23x", canary + "%3Fx");
  }

  static String nearCanary(Gen gen) {
    String c = gen.oneOf(CANARIES);
    String id = switch (gen.intBetween(0, 24)) {
      case 0 -> c.toUpperCase(Locale.ROOT);
      case 1 -> Character.isUpperCase(c.charAt(0)) ? c.toLowerCase(Locale.ROOT) : Character.toUpperCase(c.charAt(0)) + c.substring(1);
      case 2 -> c + " ";
      case 3 -> " " + c;
      case 4 -> c + "\t";
      case 5 -> c + "\u0000";
      case 6 -> c + "\u200b";
      case 7 -> "\ufeff" + c;
      case 8 -> Normalizer.normalize(c, Normalizer.Form.NFD) + (Normalizer.normalize(c, Normalizer.Form.NFD).equals(c) ? "\u0301" : "");
      case 9 -> c.replace('a', '\u0430').replace('c', '\u0441'); // Cyrillic look-alikes
      case 10 -> c + "/";
      case 11 -> c + "/..";
      case 12 -> c + ";x";
      case 13 -> c.substring(0, c.length() - 1);
      case 14 -> c + c.charAt(c.length() - 1);
      case 15 -> c.equals("42") ? "\uff14\uff12" : c + "\uff10"; // full-width digits
      case 16 -> c.equals("42") ? gen.oneOf("42.0", "042", "+42", "4.2e1", "42 ") : c + ".";
      case 17 -> c.replace("-", "_").replace(".", "_");
      case 18 -> c.substring(0, Math.max(1, c.length() - 1)) + gen.oneOf("*", "?", "[0-9]", "%", "\\*");
      case 19 -> "{" + c + "}";
      case 20 -> gen.oneOf("*", "?*", "canary-*", "canary-[01]", "", " ", "..", ".");
      case 21 -> c + "\n";
      case 22 -> c + "%00";
      case 23 -> c + "\u0000" + c;
      default -> c + gen.string(1, 3);
    };
    return CANARIES.contains(id) ? id + "x" : id;
  }

  /** An id for a path or a body: any text, an id next to a canary, or a plain one. */
  private static String hostileId(Gen gen) {
    int pick = gen.intBetween(0, 9);
    String id;
    if (pick < 5) id = gen.string(0, 60);
    else if (pick < 7) id = nearCanary(gen);
    else if (pick < 8) id = "u" + gen.string(250, 300, "abc"); // around the 256-character limit
    else id = gen.string(1, 12, "abcdefghijklmnopqrstuvwxyz0123456789-_.");
    return CANARIES.contains(id) ? id + "x" : id;
  }

  /** The id in a path: percent-encoded (seven in eight), else written raw, whatever bytes it holds. */
  private static String idSegment(Gen gen, String id) {
    return gen.chance(0.875) ? encode(id) : new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** RFC 3986 percent-encoding of a path segment: everything but the unreserved characters. */
  static String encode(String value) {
    StringBuilder s = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        s.append((char) c);
      } else {
        s.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return s.toString();
  }

  private static String query(Gen gen) {
    return encode(gen.string(0, 10)) + "=" + (gen.chance(0.5) ? encode(gen.string(0, 20)) : gen.string(0, 10, "%&=+;,/?#"));
  }

  private static void headers(Gen gen, Request r, String kind) {
    int host = gen.intBetween(0, 99);
    if (host < 90) r.header("Host", "x");
    else if (host < 93) r.header("Host", "x").header("Host", "y");
    else if (host < 97) r.header("Host", gen.oneOf("", "a b", "[::1]", "127.0.0.1:99999", "exa\u00e9mple", "x:y:z"));
    // else: none (HTTP/1.1 requires one: 400)
    int key = gen.intBetween(0, 99);
    String right = switch (kind) {
      case "erase" -> ApiClient.ADMIN_KEY;
      case "internal" -> INTERNAL_KEY;
      default -> ApiClient.API_KEY;
    };
    if (key < 55) r.header("X-API-Key", right);
    else if (key < 62) { /* none */ }
    else if (key < 68) r.header("X-API-Key", "guess");
    else if (key < 72) r.header("X-API-Key", "");
    else if (key < 78) r.header("X-API-Key", right).header(gen.oneOf("X-API-Key", "x-api-key", "X-Api-Key"), gen.oneOf(right, "guess"));
    else if (key < 84) r.header("X-API-Key", gen.oneOf(ApiClient.API_KEY, ApiClient.ADMIN_KEY, INTERNAL_KEY));
    else if (key < 88) r.header("X-API-Key", right + " ").header("X-Other", "1");
    else if (key < 92) r.header("X-API-Key", gen.string(1, 40));
    else if (key < 95) r.header("X-API-Key", "k".repeat(gen.intBetween(1000, 9000)));
    else r.header("X-API-Key", right + ", " + right);
    if (gen.chance(0.3)) r.header("Accept", gen.oneOf(ACCEPTS));
    if (gen.chance(0.1)) {
      r.header("Origin", gen.oneOf("https://evil.example", "null", "http://x", "https://app.example", "garbage", "http://[::1"));
      if (r.method.equals("OPTIONS") || gen.chance(0.3)) r.header("Access-Control-Request-Method", gen.oneOf("POST", "DELETE", "TRACE", "X"));
    }
    if (gen.chance(0.05)) r.header("traceparent", gen.oneOf("00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01", "garbage", "ff-1-2-3",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    if (gen.chance(0.05)) r.header("Expect", gen.oneOf("100-continue", "200-ok"));
    if (gen.chance(0.1)) r.header("Connection", gen.oneOf("close", "keep-alive", "upgrade", "x"));
    if (gen.chance(0.05)) r.header("Upgrade", gen.oneOf("h2c", "websocket", "HTTP/2.0"));
    for (int i = gen.intBetween(0, 3); i > 0; i--) {
      String name = gen.chance(0.8) ? "X-" + gen.string(1, 10, "abcdefghijklmnopqrstuvwxyz-") : gen.string(1, 10);
      String value = gen.string(0, 40);
      r.header(name, value);
    }
  }

  /** A JSON array of events whose ids come from {@code user} and other hostile text. */
  private static byte[] eventsBody(Gen gen, Instant now, String user) {
    List<String> events = new ArrayList<>();
    for (int i = gen.intBetween(1, 5); i > 0; i--) {
      StringBuilder e = new StringBuilder("{");
      e.append("\"eventId\":").append(JSON.writeValueAsString(gen.chance(0.9) ? "h-" + Long.toHexString(gen.anyLong()) : gen.string(0, 30)));
      e.append(",\"userId\":").append(JSON.writeValueAsString(gen.chance(0.8) ? user : hostileId(gen)));
      e.append(",\"itemId\":").append(JSON.writeValueAsString(gen.chance(0.7) ? "i" + gen.intBetween(0, 50) : hostileId(gen)));
      e.append(",\"type\":").append(JSON.writeValueAsString(gen.chance(0.8) ? gen.oneOf(TYPES).replace("\u0000", "") : gen.oneOf(TYPES)));
      if (gen.chance(0.5)) e.append(",\"value\":").append(gen.oneOf("1", "0", "5", "10", "11", "-1", "1e400", "\"1\"", "null", "1000001"));
      Instant ts = now.minusSeconds(gen.intBetween(0, 86_400));
      e.append(",\"timestamp\":").append(JSON.writeValueAsString(gen.chance(0.9) ? ts.toString() : gen.oneOf("yesterday", "", "2026-13-45T00:00:00Z",
          now.plusSeconds(3600).toString(), "+999999999-12-31T23:59:59Z")));
      if (gen.chance(0.1)) e.append(",\"requestId\":").append(JSON.writeValueAsString(gen.string(0, 20)));
      if (gen.chance(0.05)) e.append(",\"extra\":1");
      events.add(e.append('}').toString());
    }
    String body = "[" + String.join(",", events) + "]";
    if (gen.chance(0.05)) body = "\ufeff" + body;
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** Any other body: malformed or odd JSON, deep nesting, invalid UTF-8, UTF-16, nothing. */
  private static byte[] anyBody(Gen gen) {
    return switch (gen.intBetween(0, 9)) {
      case 0 -> gen.string(0, 200).getBytes(StandardCharsets.UTF_8);
      case 1 -> ("[".repeat(gen.intBetween(100, 20_000))).getBytes(StandardCharsets.US_ASCII);
      case 2 -> ("[" + "1,".repeat(gen.intBetween(10, 3000)) + "1]").getBytes(StandardCharsets.US_ASCII);
      case 3 -> new byte[] {(byte) 0xC3, (byte) 0x28, '[', (byte) 0xFF, (byte) 0xFE, ']'};
      case 4 -> "[{\"eventId\":\"x\"}]".getBytes(StandardCharsets.UTF_16);
      case 5 -> new byte[0];
      case 6 -> "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.US_ASCII);
      case 7 -> "<events><event/></events>".getBytes(StandardCharsets.US_ASCII);
      case 8 -> "eventId=x&userId=y".getBytes(StandardCharsets.US_ASCII);
      default -> ("[\"" + "x".repeat(gen.intBetween(1000, 100_000)) + "\"]").getBytes(StandardCharsets.US_ASCII);
    };
  }

  // --- protocol garbage ---------------------------------------------------------------------------

  private static HostileRequest garbage(Gen gen) {
    String key = "X-API-Key: " + ApiClient.API_KEY + "\r\n";
    String json = "Content-Type: application/json\r\n";
    String post = "POST /v1/events HTTP/1.1\r\nHost: x\r\n" + key + json;
    String get = "GET /v1/users/u/history HTTP/1.1\r\nHost: x\r\n" + key;
    String id = gen.string(0, 12);
    String[] cases = {
        "GARBAGE\r\n\r\n",
        gen.string(1, 60, "abcdefghijklmnopqrstuvwxyz /:%{}|^`\\\"<>") + "\r\n\r\n",
        "GET\r\n\r\n",
        "GET /\r\n\r\n",
        "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
        "GET  /v1/users/u/history  HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /v1/users/u/history HTTP/2.0\r\nHost: x\r\n" + key + "\r\n",
        "GET /v1/users/u/history HTTP/1.2\r\nHost: x\r\n" + key + "\r\n",
        "GET /v1/users/u/history HTTP/0.9\r\nHost: x\r\n\r\n",
        "GET /v1/users/u/history http/1.1\r\nHost: x\r\n\r\n",
        "GET /v1/users/u/history HTTP/1.1\nHost: x\n" + key.replace("\r", "") + "\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n",
        "GET http://evil.example/v1/users/u/history HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
        "GET /" + "a".repeat(gen.intBetween(8_000, 20_000)) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /v1/users/" + gen.oneOf("%", "%0", "%ZZ", "%00", "%2F", "%5C", "%C0%AF", "%E0%80", "%FF", "{", "|", "^", "`", "\"", "<", "\u00ff",
            "\u0001", "%25%30%30") + "/history HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
        "GET /v1/users/u/history?limit=" + gen.oneOf("%", "%ZZ", "%00", "\u00ff", "{", "%FF%FE") + " HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
        get + "Bad Header\r\n\r\n",
        get + "X-A : 1\r\n\r\n",
        get + " X-Folded: 1\r\n\r\n",
        get + "X-A: 1\r\n continued\r\n\r\n",
        get + "X-A: 1\rX-B: 2\r\n\r\n",
        get + "X-\u0000: 1\r\n\r\n",
        get + "X-A: a\u0000b\r\n\r\n",
        get + "X-Big: " + "a".repeat(gen.intBetween(8_200, 20_000)) + "\r\n\r\n",
        get + "X-A: 1\r\n".repeat(gen.intBetween(101, 300)) + "\r\n",
        get + ": no-name\r\n\r\n",
        get + "Content-Length: 0\r\nContent-Length: 0\r\n\r\n",
        post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n[]",
        post + "Content-Length: -1\r\n\r\n",
        post + "Content-Length: 99999999999999999999\r\n\r\n",
        post + "Content-Length: 1e3\r\n\r\n",
        post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n",
        post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        post + "Transfer-Encoding: identity\r\n\r\n",
        post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
        post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n",
        post + "Transfer-Encoding: chunked\r\n\r\n-2\r\n[]\r\n0\r\n\r\n",
        post + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n[]\r\n0\r\n\r\n",
        post + "Transfer-Encoding: chunked\r\n\r\n2\r\n[]XX0\r\n\r\n" + "X".repeat(64),
        post + "Transfer-Encoding: chunked\r\n\r\n2;" + "e".repeat(gen.intBetween(10, 10_000)) + "\r\n[]\r\n0\r\n\r\n",
        post + "Transfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\nX-Trailer: " + "t".repeat(gen.intBetween(10, 10_000)) + "\r\n\r\n",
        post + "Transfer-Encoding: chunked\r\n\r\n" + "1\r\n[\r\n".repeat(gen.intBetween(1, 2000)) + "0\r\n\r\n",
        "DELETE /v1/users/" + encode(id) + " HTTP/1.1\r\nHost: x\r\nX-API-Key: " + ApiClient.ADMIN_KEY + "\r\nX-API-Key: " + ApiClient.ADMIN_KEY + "\r\n\r\n",
        "TRACE /v1/users/u/history HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
        "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD /v1/users/u/history HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
        "OPTIONS /v1/events HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n",
        "GET /v1/users/u/history HTTP/1.1\r\nHost: x\r\n" + key + "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
        "\r\n\r\n\r\nGET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n",
    };
    int i = gen.intBetween(0, cases.length - 1);
    String request = cases[i];
    return new HostileRequest("garbage #" + i, request.getBytes(StandardCharsets.ISO_8859_1), request.startsWith("HEAD "), false);
  }

  /** A request built from parts; header names and values are written as UTF-8 bytes, whatever they hold. */
  private static final class Request {
    final String method;
    final String target;
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    boolean chunked;
    boolean wellFramed = true;

    Request(String method, String target) {
      this.method = method;
      this.target = target;
    }

    Request header(String name, String value) {
      if ((name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) wellFramed = false;
      headers.add(new String[] {name, value});
      return this;
    }

    void body(byte[] bytes, boolean asChunks) {
      this.body = bytes;
      this.chunked = asChunks;
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
      for (String[] h : headers) out.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        if (chunked) {
          out.writeBytes("Transfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          for (int at = 0; at < body.length; at += 1000) {
            int n = Math.min(1000, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
          out.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.writeBytes(body);
        }
      } else {
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      return out.toByteArray();
    }
  }
}
