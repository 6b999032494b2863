package io.recsys.featurestore.ingest;

import io.recsys.starter.security.ApiKeyInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The feature-store service started for a test class on a free port, with real HTTP. Spring's
 * {@code @SpringBootTest} cannot be used here: Spring Framework 7's {@code SpringExtension} needs
 * JUnit Jupiter 6, while the build stays on JUnit 5.14 for jqwik. So the test starts the application
 * the way {@code ServeCommand} does and talks to it over the network. Not thread-safe to start/close;
 * requests may be sent from any thread.
 */
public final class RunningService implements AutoCloseable {
  public static final String API_KEY = "test-api-key";
  public static final String ADMIN_KEY = "test-admin-key";

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  private RunningService(ConfigurableApplicationContext context) {
    this.context = context;
    this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /**
   * Starts the service with these properties (e.g. {@code recsys.redis.url}) added to the test
   * defaults: the keys above, a free port, the given clock.
   */
  public static RunningService start(Clock clock, Map<String, String> properties) {
    // As command-line arguments: they win over feature-store.yml (which reads the environment).
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--recsys.security.api-key=" + API_KEY,
        "--recsys.security.admin-key=" + ADMIN_KEY, "--logging.level.root=WARN"));
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    ConfigurableApplicationContext ctx = FeatureStoreApplication.builder()
        .initializers(c -> c.getBeanFactory().registerSingleton("testClock", clock))
        .run(args.toArray(String[]::new));
    return new RunningService(ctx);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public HttpResponse<String> post(String path, String body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> delete(String path, String key) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).DELETE()
        .header(ApiKeyInterceptor.HEADER, key));
  }

  /** A request to {@code path} carrying the API key. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).header(ApiKeyInterceptor.HEADER, API_KEY);
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String baseUri() {
    return base;
  }

  @Override
  public void close() {
    context.close();
  }
}
