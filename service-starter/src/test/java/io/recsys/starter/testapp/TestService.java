package io.recsys.starter.testapp;

import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import io.recsys.starter.problem.Problems;
import io.recsys.starter.problem.RejectionListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.RestClient;

/**
 * A small service that has nothing but the starter: public, admin-only and internal endpoints, one that
 * throws each kind of error, one with its own problem type (through its own advice), and one that
 * calls another service through the auto-configured {@link RestClient.Builder}.
 */
@SpringBootApplication
public class TestService {
  /** Every rejection the starter reported to the service's listener. */
  public static final List<String> REJECTIONS = new CopyOnWriteArrayList<>();

  @Bean
  RejectionListener rejections() {
    return REJECTIONS::add;
  }

  /** A service-specific error with its own problem type. */
  public static final class TeapotException extends RuntimeException {
    TeapotException() {
      super("short and stout", null, false, false);
    }
  }

  @RestControllerAdvice
  @Order(0)
  static class TeapotAdvice {
    @ExceptionHandler(TeapotException.class)
    ResponseEntity<ProblemDetail> teapot(TeapotException e) {
      return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body(Problems.problem(HttpStatus.I_AM_A_TEAPOT, "teapot", "Teapot", e.getMessage()));
    }
  }

  @RestController
  static class Api {
    private static final Logger log = LoggerFactory.getLogger(Api.class);
    private final RestClient downstream;

    Api(RestClient.Builder builder, @Value("${test.downstream:http://127.0.0.1:9}") String downstream) {
      this.downstream = builder.baseUrl(downstream).build();
    }

    @GetMapping("/v1/things/{id}")
    Map<String, Object> thing(@PathVariable String id, @RequestParam(defaultValue = "1") int limit) {
      return Map.of("id", id, "limit", limit);
    }

    @PostMapping(path = "/v1/things", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> post(@RequestBody Map<String, Object> body) {
      return Map.of("fields", body.size());
    }

    /** A body checked by bean validation. */
    public record Order(@NotBlank String item, @Min(1) int quantity) {}

    @PostMapping(path = "/v1/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> order(@Valid @RequestBody Order order) {
      return Map.of("item", order.item());
    }

    @PostMapping("/v1/raw")
    Map<String, Object> raw(@RequestBody String body) {
      return Map.of("length", body.length());
    }

    /** A handler that takes another media type and says so: Spring checks it, the starter's JSON rule steps aside. */
    @PostMapping(path = "/v1/upload", consumes = "text/csv")
    Map<String, Object> upload(@RequestBody String csv) {
      return Map.of("lines", csv.lines().count());
    }

    /** Reads the raw body from the request, as feature-store's {@code POST /v1/events} does. */
    @PostMapping("/v1/stream")
    Map<String, Object> stream(HttpServletRequest request) throws IOException {
      return Map.of("length", request.getInputStream().readAllBytes().length);
    }

    @DeleteMapping("/v1/things/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
      return ResponseEntity.noContent().build();
    }

    @GetMapping("/ops/ping")
    Map<String, Object> opsPing() {
      return Map.of("pong", true);
    }

    @GetMapping("/internal/ping")
    Map<String, Object> ping() {
      return Map.of("pong", true);
    }

    @GetMapping("/v1/invalid")
    Map<String, Object> invalid() {
      throw new InvalidRequestException("1 of 2 parameters is invalid", List.of(InvalidField.of("q", "must be set"),
          new InvalidField(1, "type", "unknown")));
    }

    @GetMapping("/v1/boom")
    Map<String, Object> boom() {
      throw new IllegalStateException("connection to db-7.secret.example:5432 refused");
    }

    @GetMapping("/v1/teapot")
    Map<String, Object> teapot() {
      throw new TeapotException();
    }

    /** Logs a line and calls the downstream's {@code /echo}, answering what the downstream answered. */
    @GetMapping("/v1/relay")
    String relay() {
      log.info("relaying to the downstream");
      return downstream.get().uri("/echo").retrieve().body(String.class);
    }
  }
}
