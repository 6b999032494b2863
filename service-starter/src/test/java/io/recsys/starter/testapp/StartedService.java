package io.recsys.starter.testapp;

import io.recsys.starter.security.ApiKeyInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link TestService} started on a free port, with real HTTP. Started by hand rather than with
 * {@code @SpringBootTest} because the starter's tests start the same application several times with
 * different keys and path settings in one class (and one with no keys at all). Requests may be sent
 * from any thread.
 */
public final class StartedService implements AutoCloseable {
  public static final String API_KEY = "test-api-key";
  public static final String ADMIN_KEY = "test-admin-key";
  public static final String INTERNAL_KEY = "test-internal-key";

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String base;

  private StartedService(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.base = "http://127.0.0.1:" + port;
  }

  /** The port the service listens on. */
  public int port() {
    return port;
  }

  /** With the three test keys, plus these {@code --name=value} arguments. */
  public static StartedService withKeys(String... args) {
    List<String> all = new ArrayList<>(List.of("--recsys.security.api-key=" + API_KEY, "--recsys.security.admin-key=" + ADMIN_KEY,
        "--recsys.security.internal-key=" + INTERNAL_KEY));
    all.addAll(List.of(args));
    return start(all.toArray(String[]::new));
  }

  /** With only these arguments (no key unless given; the environment's RECSYS_* keys are blanked). */
  public static StartedService start(String... args) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN", "--spring.application.name=test-service"));
    all.addAll(List.of(args));
    // A test must not pick up keys from the environment of the machine it runs on.
    for (String key : List.of("api-key", "admin-key", "internal-key")) {
      String option = "--recsys.security." + key + "=";
      if (all.stream().noneMatch(a -> a.startsWith(option))) all.add(option);
    }
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TestService.class).run(all.toArray(String[]::new));
    return new StartedService(ctx);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
  }

  public HttpResponse<String> get(String path, String key) {
    HttpRequest.Builder r = request(path).GET();
    if (key != null) r.header(ApiKeyInterceptor.HEADER, key);
    return send(r);
  }

  public HttpResponse<String> delete(String path, String key) {
    HttpRequest.Builder r = request(path).DELETE();
    if (key != null) r.header(ApiKeyInterceptor.HEADER, key);
    return send(r);
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

  @Override
  public void close() {
    context.close();
  }
}
