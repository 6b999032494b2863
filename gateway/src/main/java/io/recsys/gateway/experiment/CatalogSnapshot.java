package io.recsys.gateway.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable version of the catalog, with the lookups a request needs precomputed. Requests read
 * it through an {@code AtomicReference}; a reload builds a new one and swaps it in. Immutable.
 *
 * @param experiments in file order
 * @param byName experiments by name
 * @param bySurface experiments with a surface, by surface
 * @param fallback the experiment without a surface, or null
 * @param contentHash hex SHA-256 of the file it was read from ({@code ""} when not from a file)
 * @param loadedAt when it was built
 */
record CatalogSnapshot(List<Experiment> experiments, Map<String, Experiment> byName, Map<String, Experiment> bySurface,
    Experiment fallback, String contentHash, Instant loadedAt) {

  static CatalogSnapshot of(List<Experiment> experiments, String contentHash, Instant loadedAt) {
    List<InvalidExperimentException> problems = catalogProblems(experiments);
    if (!problems.isEmpty()) throw problems.getFirst();
    Map<String, Experiment> byName = new HashMap<>();
    Map<String, Experiment> bySurface = new HashMap<>();
    Experiment fallback = null;
    for (Experiment e : experiments) {
      byName.put(e.name(), e);
      if (e.surface() == null) fallback = e;
      else bySurface.put(e.surface(), e);
    }
    return new CatalogSnapshot(List.copyOf(experiments), Collections.unmodifiableMap(byName),
        Collections.unmodifiableMap(bySurface), fallback, contentHash, loadedAt);
  }

  /**
   * The rules across experiments: unique names (they key the exposure log), unique salts (a shared salt
   * would make two experiments' splits identical rather than independent), and at most one experiment
   * per surface and one without a surface (a user must land in exactly one experiment per request).
   */
  static List<InvalidExperimentException> catalogProblems(List<Experiment> experiments) {
    List<InvalidExperimentException> problems = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    Map<String, Integer> salts = new HashMap<>();
    Map<String, Integer> surfaces = new HashMap<>();
    int fallback = -1;
    for (int i = 0; i < experiments.size(); i++) {
      Experiment e = experiments.get(i);
      String at = "experiments[" + i + "]";
      Integer other = names.putIfAbsent(e.name(), i);
      if (other != null) {
        problems.add(new InvalidExperimentException(at + ".name",
            "duplicate experiment name '" + e.name() + "' (also experiments[" + other + "])"));
      }
      other = salts.putIfAbsent(e.salt(), i);
      if (other != null) {
        problems.add(new InvalidExperimentException(at + ".salt", "same salt as experiments[" + other
            + "]: the two experiments would split users identically; give each experiment its own salt"));
      }
      if (e.surface() == null) {
        if (fallback >= 0) {
          problems.add(new InvalidExperimentException(at + ".surface", "a second experiment without a surface (also experiments["
              + fallback + "]): at most one experiment may apply to every surface"));
        } else {
          fallback = i;
        }
      } else {
        other = surfaces.putIfAbsent(e.surface(), i);
        if (other != null) {
          problems.add(new InvalidExperimentException(at + ".surface", "surface '" + e.surface()
              + "' already has an experiment (experiments[" + other + "]): at most one experiment per surface"));
        }
      }
    }
    return problems;
  }

  /** The experiment that applies on {@code surface}: its own, else the one without a surface, else null. */
  Experiment forSurface(String surface) {
    Experiment own = surface == null ? null : bySurface.get(surface);
    return own != null ? own : fallback;
  }
}
