package io.recsys.gateway.api;

import io.recsys.gateway.experiment.Experiment;
import io.recsys.gateway.experiment.ExperimentCatalog;
import io.recsys.gateway.experiment.ExperimentReport;
import io.recsys.gateway.experiment.ExperimentRouting;
import io.recsys.gateway.experiment.ExposureLogException;
import io.recsys.gateway.experiment.ReloadResult;
import io.recsys.gateway.experiment.Variant;
import io.recsys.gateway.experiment.VariantAssigner;
import io.recsys.gateway.experiment.VariantOverrides;
import io.recsys.starter.problem.Problems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The experiments: {@code GET /v1/experiments} (what runs, with each variant's share and overrides, and
 * the state of the file), {@code GET /v1/experiments/{name}/report} (per variant: requests, items
 * shown, impressions, clicks, CTR with its 95 % Wilson interval, and the two-proportion z-test against
 * the control), and {@code POST /v1/admin/experiments/reload} (admin key: re-read the file now).
 */
@RestController
public class ExperimentsController {
  private final ExperimentRouting routing;

  public ExperimentsController(ExperimentRouting routing) {
    this.routing = routing;
  }

  public record ExperimentsResponse(List<ExperimentView> experiments, String file, Instant loadedAt, String contentHash, String lastError) {}

  public record ExperimentView(String name, String surface, List<VariantView> variants) {}

  public record VariantView(String name, double weight, double share, VariantOverrides overrides) {}

  @GetMapping("/v1/experiments")
  public ExperimentsResponse list() {
    ExperimentCatalog catalog = routing.catalog();
    List<ExperimentView> out = new ArrayList<>();
    for (Experiment e : catalog.experiments()) {
      int[] upper = VariantAssigner.upperBounds(e.variants());
      List<VariantView> variants = new ArrayList<>(e.variants().size());
      for (int i = 0; i < e.variants().size(); i++) {
        Variant v = e.variants().get(i);
        double share = (upper[i] - (i == 0 ? 0 : upper[i - 1])) / (double) VariantAssigner.BUCKETS;
        variants.add(new VariantView(v.name(), v.weight(), share, v.overrides()));
      }
      // The salt is left out: with it anyone could compute every user's variant.
      out.add(new ExperimentView(e.name(), e.surface(), variants));
    }
    return new ExperimentsResponse(out, catalog.file() == null ? null : catalog.file().getFileName().toString(), catalog.loadedAt(),
        catalog.contentHash(), catalog.lastError().orElse(null));
  }

  @GetMapping("/v1/experiments/{name}/report")
  public ResponseEntity<?> report(@PathVariable("name") String name) {
    Optional<Experiment> e = routing.catalog().experiment(name);
    if (e.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.problem(HttpStatus.NOT_FOUND, "experiment-not-found",
          "Experiment not found", "no experiment named '" + name + "' is configured"));
    }
    try {
      return ResponseEntity.ok(ExperimentReport.of(e.get(), routing.exposures().counts(name)));
    } catch (ExposureLogException ex) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
          .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Experiment log unavailable",
              "the experiment counts could not be read; retry later"));
    }
  }

  @PostMapping("/v1/admin/experiments/reload")
  public ReloadResult reload() {
    return routing.catalog().reload();
  }
}
