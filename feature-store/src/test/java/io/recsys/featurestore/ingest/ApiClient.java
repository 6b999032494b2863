package io.recsys.featurestore.ingest;

import io.recsys.starter.security.ApiKeyInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Real HTTP calls (java.net.http) to the service a {@link ServiceTest} started, carrying the test API
 * key unless told otherwise. Answers of every status come back as they are, for the test to check.
 * Thread-safe.
 */
public final class ApiClient {
  public static final String API_KEY = "test-api-key";
  public static final String ADMIN_KEY = "test-admin-key";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** A client of the service on {@code port} of this host ({@code @LocalServerPort}). */
  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpResponse<String> post(String path, String body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> delete(String path, String key) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).DELETE().header(ApiKeyInterceptor.HEADER, key));
  }

  /** A request to {@code path} carrying the API key. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header(ApiKeyInterceptor.HEADER, API_KEY);
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
