package io.recsys.gateway.api;

import io.recsys.gateway.cascade.RankerModelSwitch;
import io.recsys.gateway.cascade.RecommendationCascade;
import io.recsys.gateway.cascade.Stage;
import io.recsys.gateway.cascade.StageMessages.RankAnswer;
import io.recsys.gateway.cascade.StageMessages.RankCall;
import io.recsys.gateway.cascade.StageOutcome;
import io.recsys.gateway.cascade.StageResult;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import io.recsys.starter.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model switch (admin key, like every {@code /v1/admin/**} call): {@code GET /v1/admin/ranker-model}
 * says which ranker model requests without a variant model use; {@code PUT} with
 * {@code {"model":"ranker@<version>"}} pins one, {@code {"model":null}} returns to the ranking service's
 * current version. A model is pinned only after the ranking service has confirmed it serves it (an
 * empty rank call naming it): pinning a version it does not know would degrade every request.
 */
@RestController
public class AdminController {
  private static final Pattern MODEL = Pattern.compile("ranker(@[A-Za-z0-9._:-]{1,128})?");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration CHECK_BUDGET = Duration.ofSeconds(5);

  private final RankerModelSwitch models;
  private final RecommendationCascade cascade;

  public AdminController(RankerModelSwitch models, RecommendationCascade cascade) {
    this.models = models;
    this.cascade = cascade;
  }

  public record ModelResponse(String pinned, String servedVersion) {}

  @GetMapping("/v1/admin/ranker-model")
  public ModelResponse current() {
    return new ModelResponse(models.pinned(), null);
  }

  @PutMapping("/v1/admin/ranker-model")
  public ResponseEntity<?> pin(HttpServletRequest request) throws IOException {
    JsonNode root;
    try (InputStream in = request.getInputStream()) {
      root = JSON.readTree(in.readNBytes(4096));
    } catch (JacksonException e) {
      throw invalid("body", "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.has("model") || root.size() != 1) {
      throw invalid("body", "must be {\"model\": \"ranker@<version>\"} or {\"model\": null}");
    }
    JsonNode m = root.get("model");
    if (m.isNull()) {
      models.pin(null);
      return ResponseEntity.ok(new ModelResponse(null, null));
    }
    if (!m.isString() || !MODEL.matcher(m.asString()).matches()) throw invalid("model", "must be ranker or ranker@<version>");
    String model = m.asString();
    StageResult<RankAnswer> check = cascade.client(Stage.RANKING).callOffPath(new RankCall("gateway-model-check", List.of(), model),
        RankAnswer.class, CHECK_BUDGET);
    if (check.outcome() == StageOutcome.REJECTED) throw invalid("model", "the ranking service does not serve " + model);
    if (!check.ok()) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
          .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "ranking-unavailable", "Ranking service unavailable",
              "the ranking service could not confirm the model (" + check.outcome().tag() + "); nothing was changed"));
    }
    models.pin(model);
    return ResponseEntity.ok(new ModelResponse(model, check.value().modelVersion()));
  }

  private static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException("the request is invalid: " + message, List.of(InvalidField.of(field, message)));
  }
}
