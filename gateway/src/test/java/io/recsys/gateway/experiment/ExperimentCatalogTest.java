package io.recsys.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gateway.experiment.ReloadResult.Outcome;
import io.recsys.testsupport.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCatalogTest {
  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(START);

  /** "explore" on every surface without its own, "ranker" on home; weights as given. */
  private static String twoExperiments(int exploreControl, int exploreTreatment, int rankerControl, int rankerTreatment) {
    return """
        {"experiments": [
          {"name": "explore", "salt": "explore-s1", "surface": null,
           "variants": [
             {"name": "control", "weight": %d},
             {"name": "more-explore", "weight": %d, "overrides": {"rerankParams": {"priorStrength": 50}}}
           ]},
          {"name": "ranker", "salt": "ranker-s1", "surface": "home",
           "variants": [
             {"name": "control", "weight": %d},
             {"name": "new-model", "weight": %d,
              "overrides": {"rankerModel": "ranker@2026-11-30", "backends": {"ranking": "http://ranking-canary:8082"}}}
           ]}
        ]}
        """.formatted(exploreControl, exploreTreatment, rankerControl, rankerTreatment);
  }

  private Path write(String content) throws IOException {
    Path f = dir.resolve("experiments.json");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void assignmentsAreStableAcrossCatalogInstancesLoadedFromTheSameFile() throws IOException {
    Path f = write(twoExperiments(50, 50, 70, 30));
    ExperimentCatalog first = ExperimentCatalog.load(f, clock);
    ExperimentCatalog second = ExperimentCatalog.load(f, new MutableClock(START.plusSeconds(3600)));
    int treated = 0;
    for (int u = 0; u < 10_000; u++) {
      String user = "user-" + u;
      Assignment a = first.assign(user, "home").orElseThrow();
      assertThat(second.assign(user, "home")).contains(a);
      assertThat(a.bucket()).isEqualTo(VariantAssigner.bucket("ranker-s1", user));
      if (a.variant().equals("new-model")) treated++;
    }
    assertThat(treated).isBetween(2_700, 3_300);
  }

  @Test
  void picksTheSurfacesOwnExperimentElseTheSurfacelessOneElseNone() throws IOException {
    ExperimentCatalog catalog = ExperimentCatalog.load(write(twoExperiments(50, 50, 50, 50)), clock);
    assertThat(catalog.assign("u1", "home").orElseThrow().experiment()).isEqualTo("ranker");
    assertThat(catalog.assign("u1", "search").orElseThrow().experiment()).isEqualTo("explore");
    assertThat(catalog.assign("u1", null).orElseThrow().experiment()).isEqualTo("explore");

    Path onlyHome = dir.resolve("home-only.json");
    Files.writeString(onlyHome, """
        {"experiments": [{"name": "ranker", "salt": "r", "surface": "home", "variants": [{"name": "a", "weight": 1}]}]}
        """);
    ExperimentCatalog homeOnly = ExperimentCatalog.load(onlyHome, clock);
    assertThat(homeOnly.assign("u1", "home")).isPresent();
    assertThat(homeOnly.assign("u1", "search")).isEmpty();
    assertThat(homeOnly.assign("u1", null)).isEmpty();
  }

  @Test
  void overridesAreReadFromTheFile() throws IOException {
    ExperimentCatalog catalog = ExperimentCatalog.load(write(twoExperiments(1, 1, 1, 1)), clock);
    Variant v = catalog.experiment("ranker").orElseThrow().variant("new-model");
    assertThat(v.overrides().rankerModel()).isEqualTo("ranker@2026-11-30");
    assertThat(v.overrides().backends()).isEqualTo(Map.of("ranking", "http://ranking-canary:8082"));
    assertThat(v.overrides().candidateStrategy()).isNull();
    assertThat(catalog.experiment("explore").orElseThrow().variant("more-explore").overrides().rerankParams())
        .isEqualTo(Map.of("priorStrength", 50L));
    assertThat(catalog.experiment("explore").orElseThrow().control().overrides().isDefault()).isTrue();
  }

  @Test
  void changingOneExperimentsWeightsLeavesAnotherExperimentsAssignmentsUnchanged() throws IOException {
    Path f = write(twoExperiments(50, 50, 90, 10));
    ExperimentCatalog catalog = ExperimentCatalog.load(f, clock);
    List<Assignment> explore = new ArrayList<>();
    List<Assignment> ranker = new ArrayList<>();
    for (int u = 0; u < 10_000; u++) {
      explore.add(catalog.assign("user-" + u, "search").orElseThrow());
      ranker.add(catalog.assign("user-" + u, "home").orElseThrow());
    }
    write(twoExperiments(50, 50, 30, 70));
    assertThat(catalog.reloadIfChanged().outcome()).isEqualTo(Outcome.RELOADED);
    int movedInRanker = 0;
    for (int u = 0; u < 10_000; u++) {
      assertThat(catalog.assign("user-" + u, "search")).as("user-%d in explore", u).contains(explore.get(u));
      if (!catalog.assign("user-" + u, "home").orElseThrow().variant().equals(ranker.get(u).variant())) movedInRanker++;
    }
    assertThat(movedInRanker).as("the edit itself took effect").isBetween(5_500, 6_500);
  }

  @Test
  void reloadIfChangedPicksUpAnEditedFile() throws IOException {
    Path f = write(twoExperiments(50, 50, 50, 50));
    ExperimentCatalog catalog = ExperimentCatalog.load(f, clock);
    String before = catalog.contentHash();
    clock.advance(Duration.ofSeconds(5));
    Files.writeString(f, """
        {"experiments": [{"name": "solo", "salt": "solo-salt", "surface": null, "variants": [{"name": "only", "weight": 1}]}]}
        """);
    ReloadResult r = catalog.reloadIfChanged();
    assertThat(r.outcome()).isEqualTo(Outcome.RELOADED);
    assertThat(r.experiments()).isEqualTo(1);
    assertThat(r.contentHash()).isNotEqualTo(before).isEqualTo(catalog.contentHash());
    assertThat(r.error()).isNull();
    assertThat(catalog.loadedAt()).isEqualTo(START.plusSeconds(5));
    assertThat(catalog.assign("u1", "home").orElseThrow().experiment()).isEqualTo("solo");
    assertThat(catalog.experiment("ranker")).isEmpty();
  }

  @Test
  void reloadIfChangedIgnoresAnUnchangedFile() throws IOException {
    String content = twoExperiments(50, 50, 50, 50);
    Path f = write(content);
    ExperimentCatalog catalog = ExperimentCatalog.load(f, clock);
    clock.advance(Duration.ofSeconds(5));
    Files.writeString(f, content); // rewritten (new mtime), same bytes
    ReloadResult r = catalog.reloadIfChanged();
    assertThat(r.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(r.at()).isEqualTo(START.plusSeconds(5));
    assertThat(catalog.loadedAt()).isEqualTo(START);
  }

  @Test
  void forcedReloadRereadsAnUnchangedFile() throws IOException {
    ExperimentCatalog catalog = ExperimentCatalog.load(write(twoExperiments(50, 50, 50, 50)), clock);
    clock.advance(Duration.ofMinutes(1));
    assertThat(catalog.reload().outcome()).isEqualTo(Outcome.RELOADED);
    assertThat(catalog.loadedAt()).isEqualTo(START.plusSeconds(60));
  }

  @Test
  void invalidEditKeepsThePreviousCatalogAndTheErrorNamesTheField() throws IOException {
    Path f = write(twoExperiments(50, 50, 90, 10));
    ExperimentCatalog catalog = ExperimentCatalog.load(f, clock);
    Assignment before = catalog.assign("user-7", "home").orElseThrow();
    String servedHash = catalog.contentHash();

    write(twoExperiments(50, 50, 90, -10));
    ReloadResult r = catalog.reloadIfChanged();
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(r.error()).contains("experiments.json", "line 10", "experiments[1].variants[1].weight: must be > 0 (was -10.0)");
    assertThat(r.contentHash()).isEqualTo(servedHash);
    assertThat(catalog.lastError()).contains(r.error());
    assertThat(catalog.assign("user-7", "home")).contains(before);

    // The same broken file is reported once; the error stays visible.
    assertThat(catalog.reloadIfChanged().outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(catalog.lastError()).isPresent();
    // A forced reload re-examines it and rejects it again.
    assertThat(catalog.reload().outcome()).isEqualTo(Outcome.REJECTED);

    write(twoExperiments(50, 50, 80, 20));
    assertThat(catalog.reloadIfChanged().outcome()).isEqualTo(Outcome.RELOADED);
    assertThat(catalog.lastError()).isEmpty();
  }

  @Test
  void revertingARejectedEditClearsTheError() throws IOException {
    String good = twoExperiments(50, 50, 90, 10);
    Path f = write(good);
    ExperimentCatalog catalog = ExperimentCatalog.load(f, clock);
    write("{\"experiments\": [");
    assertThat(catalog.reloadIfChanged().outcome()).isEqualTo(Outcome.REJECTED);
    write(good);
    assertThat(catalog.reloadIfChanged().outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(catalog.lastError()).isEmpty();
  }

  @Test
  void deletedFileOnReloadKeepsThePreviousCatalog() throws IOException {
    Path f = write(twoExperiments(50, 50, 50, 50));
    ExperimentCatalog catalog = ExperimentCatalog.load(f, clock);
    Files.delete(f);
    ReloadResult r = catalog.reloadIfChanged();
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(r.error()).contains("experiments.json", "no such file");
    assertThat(r.experiments()).isEqualTo(2);
    assertThat(catalog.assign("u", "home")).isPresent();
  }

  @Test
  void invalidStartUpFileFailsWithFileLineAndField() throws IOException {
    Path f = write("""
        {"experiments": [
          {"name": "a", "salt": "sa", "surface": "home",
           "variants": [{"name": "control", "weight": 1}]},
          {"name": "b", "salt": "sb", "surface": null,
           "variants": [
             {"name": "control", "weight": 0}
           ]}
        ]}
        """);
    assertThatThrownBy(() -> ExperimentCatalog.load(f, clock))
        .isInstanceOfSatisfying(ExperimentCatalogException.class, e -> {
          assertThat(e.getMessage()).contains(f.toString(), "line 6, column 26", "experiments[1].variants[0].weight: must be > 0 (was 0.0)");
          assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("experiments[1].variants[0].weight");
            assertThat(p.line()).isEqualTo(6);
          });
        });
  }

  @Test
  void unknownFieldsAreNamedWithTheirLines() throws IOException {
    Path f = write("""
        {"experiments": [
          {"name": "a", "salt": "sa", "surface": null,
           "variants": [
             {"name": "control", "weight": 1},
             {"name": "t", "weight": 1, "overides": {}}
           ],
           "enabled": true}
        ]}
        """);
    assertThatThrownBy(() -> ExperimentCatalog.load(f, clock))
        .isInstanceOfSatisfying(ExperimentCatalogException.class, e -> {
          assertThat(e.problems()).extracting(ExperimentCatalogException.Problem::field)
              .containsExactly("experiments[0].variants[1].overides", "experiments[0].enabled");
          assertThat(e.problems()).extracting(ExperimentCatalogException.Problem::line).containsExactly(5, 7);
          assertThat(e.getMessage()).contains("unknown field (expected one of [name, overrides, weight])");
        });
  }

  @Test
  void malformedJsonIsReportedWithItsLine() throws IOException {
    Path f = write("{\"experiments\": [\n  {\"name\": \"a\",, \"salt\": \"s\"}\n]}\n");
    assertThatThrownBy(() -> ExperimentCatalog.load(f, clock))
        .isInstanceOf(ExperimentCatalogException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void wrongTypesAndMissingFieldsAreReported() throws IOException {
    Path f = write("""
        {"experiments": [
          {"name": "a", "surface": 3, "variants": [{"name": "control", "weight": "50"}]}
        ]}
        """);
    assertThatThrownBy(() -> ExperimentCatalog.load(f, clock))
        .isInstanceOfSatisfying(ExperimentCatalogException.class, e -> assertThat(e.problems())
            .extracting(ExperimentCatalogException.Problem::toString)
            .anySatisfy(s -> assertThat(s).contains("experiments[0].salt: required"))
            .anySatisfy(s -> assertThat(s).contains("experiments[0].surface: must be a string or null"))
            .anySatisfy(s -> assertThat(s).contains("experiments[0].variants[0].weight: must be a number")));
  }

  @Test
  void atMostOneExperimentPerSurfaceAndOneWithoutSurface() throws IOException {
    Path twoHome = write("""
        {"experiments": [
          {"name": "a", "salt": "sa", "surface": "home", "variants": [{"name": "v", "weight": 1}]},
          {"name": "b", "salt": "sb", "surface": "home", "variants": [{"name": "v", "weight": 1}]}
        ]}
        """);
    assertThatThrownBy(() -> ExperimentCatalog.load(twoHome, clock))
        .hasMessageContaining("line 3")
        .hasMessageContaining("experiments[1].surface: surface 'home' already has an experiment (experiments[0])");
    Path twoDefault = write("""
        {"experiments": [
          {"name": "a", "salt": "sa", "variants": [{"name": "v", "weight": 1}]},
          {"name": "b", "salt": "sb", "surface": null, "variants": [{"name": "v", "weight": 1}]}
        ]}
        """);
    assertThatThrownBy(() -> ExperimentCatalog.load(twoDefault, clock))
        .hasMessageContaining("experiments[1].surface: a second experiment without a surface");
  }

  @Test
  void experimentNamesAndSaltsMustBeUnique() throws IOException {
    Path f = write("""
        {"experiments": [
          {"name": "a", "salt": "same", "surface": "home", "variants": [{"name": "v", "weight": 1}]},
          {"name": "a", "salt": "same", "surface": "search", "variants": [{"name": "v", "weight": 1}]}
        ]}
        """);
    assertThatThrownBy(() -> ExperimentCatalog.load(f, clock))
        .hasMessageContaining("experiments[1].name: duplicate experiment name 'a'")
        .hasMessageContaining("experiments[1].salt: same salt as experiments[0]");
  }

  @Test
  void noFilePathMeansNoExperiments() {
    ExperimentCatalog catalog = ExperimentCatalog.load(null, clock);
    assertThat(catalog.assign("u", "home")).isEmpty();
    assertThat(catalog.experiments()).isEmpty();
    assertThat(catalog.reloadIfChanged().outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(catalog.reload().outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void missingFileAtStartUpFails() {
    Path f = dir.resolve("absent.json");
    assertThatThrownBy(() -> ExperimentCatalog.load(f, clock))
        .isInstanceOf(ExperimentCatalogException.class)
        .hasMessageContaining("absent.json: no such file");
  }

  @Test
  void emptyExperimentListIsValid() throws IOException {
    ExperimentCatalog catalog = ExperimentCatalog.load(write("{\"experiments\": []}"), clock);
    assertThat(catalog.assign("u", null)).isEmpty();
  }

  @Test
  void catalogBuiltInCodeAppliesTheSameRules() {
    Experiment a = new Experiment("a", "s", null, List.of(Variant.of("v", 1)));
    Experiment b = new Experiment("b", "t", null, List.of(Variant.of("v", 1)));
    assertThatThrownBy(() -> ExperimentCatalog.of(List.of(a, b), clock))
        .hasMessageStartingWith("experiments[1].surface: a second experiment without a surface");
    assertThat(ExperimentCatalog.of(List.of(a), clock).assign("u", "any").orElseThrow().variant()).isEqualTo("v");
  }
}
