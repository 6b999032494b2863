package io.recsys.ranking.features;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-feature standardisation, fitted on training rows: {@code (x − mean) / std}. A feature whose
 * training standard deviation is below {@link #STD_FLOOR} (constant in training) maps to 0 at any
 * value: the model learnt nothing about it, and dividing a serving-time deviation by a tiny std
 * would blow it up.
 *
 * <p>Immutable; thread-safe. Saved as a small text file ({@link #FILE}: feature name, mean, std per
 * line; doubles printed exactly) in the artefact directory.
 */
public final class FeatureScaler {
  public static final String FILE = "feature-scaler.tsv";
  public static final double STD_FLOOR = 1e-6;
  private static final String HEADER = "feature\tmean\tstd";

  private final List<String> names;
  private final double[] mean;
  private final double[] std;
  private final double[] inverse;

  public FeatureScaler(List<String> names, double[] mean, double[] std) {
    if (names.size() != mean.length || mean.length != std.length) {
      throw new IllegalArgumentException(names.size() + " names, " + mean.length + " means, " + std.length + " stds");
    }
    this.names = List.copyOf(names);
    this.mean = mean.clone();
    this.std = std.clone();
    this.inverse = new double[mean.length];
    for (int f = 0; f < mean.length; f++) {
      if (!Double.isFinite(mean[f]) || !(std[f] >= 0) || !Double.isFinite(std[f])) {
        throw new IllegalArgumentException("feature " + names.get(f) + ": mean " + mean[f] + ", std " + std[f]);
      }
      inverse[f] = std[f] < STD_FLOOR ? 0 : 1 / std[f];
    }
  }

  /** Fits on the first {@code n} rows of {@code dense} ([n*D], D = names.size()). */
  public static FeatureScaler fit(List<String> names, float[] dense, int n) {
    int d = names.size();
    if (dense.length < (long) n * d) throw new IllegalArgumentException(dense.length + " floats for " + n + " rows of " + d);
    double[] mean = new double[d], m2 = new double[d];
    // Welford, row by row: stable for large n and large means (e.g. log counts).
    for (int i = 0; i < n; i++) {
      int o = i * d;
      for (int f = 0; f < d; f++) {
        double x = dense[o + f];
        double delta = x - mean[f];
        mean[f] += delta / (i + 1);
        m2[f] += delta * (x - mean[f]);
      }
    }
    double[] std = new double[d];
    for (int f = 0; f < d; f++) std[f] = n == 0 ? 0 : Math.sqrt(m2[f] / n);
    return new FeatureScaler(names, mean, std);
  }

  /**
   * This scaler with the features named by {@code prefixes} (a name equal to a prefix, or starting
   * with one ending in '.') switched off: std 0, so they standardise to 0 in training and serving
   * alike whatever their raw value, and the model cannot learn from them. For features whose
   * serving-time distribution departs from training's (e.g. time since the user's last event when
   * requests arrive long after it). Throws naming a prefix that matches no feature.
   */
  public FeatureScaler excluding(List<String> prefixes) {
    if (prefixes.isEmpty()) return this;
    double[] s = std.clone();
    for (String prefix : prefixes) {
      boolean matched = false;
      for (int f = 0; f < names.size(); f++) {
        String name = names.get(f);
        if (name.equals(prefix) || (prefix.endsWith(".") && name.startsWith(prefix))) {
          s[f] = 0;
          matched = true;
        }
      }
      if (!matched) throw new IllegalArgumentException("excluded feature '" + prefix + "' matches none of the " + names.size() + " features " + names);
    }
    return new FeatureScaler(names, mean, s);
  }

  /** Names of the features switched off (std below {@link #STD_FLOOR}), in column order. */
  public List<String> switchedOff() {
    List<String> off = new ArrayList<>();
    for (int f = 0; f < names.size(); f++) if (inverse[f] == 0) off.add(names.get(f));
    return off;
  }

  /** Standardises the first {@code n} rows of {@code dense} in place. */
  public void apply(float[] dense, int n) {
    int d = mean.length;
    if (dense.length < n * d) throw new IllegalArgumentException(dense.length + " floats for " + n + " rows of " + d);
    for (int i = 0; i < n; i++) {
      int o = i * d;
      for (int f = 0; f < d; f++) dense[o + f] = (float) ((dense[o + f] - mean[f]) * inverse[f]);
    }
  }

  public List<String> names() {
    return names;
  }

  public double mean(int feature) {
    return mean[feature];
  }

  public double std(int feature) {
    return std[feature];
  }

  /** Throws naming the first difference when this scaler was fitted on another feature list. */
  public void checkMatches(RankingFeatures features) {
    if (!names.equals(features.names())) {
      throw new IllegalStateException("feature scaler fitted on " + names.size() + " features " + firstDifference(features.names())
          + "; the schema has " + features.denseDim());
    }
  }

  private String firstDifference(List<String> other) {
    for (int f = 0; f < Math.min(names.size(), other.size()); f++) {
      if (!names.get(f).equals(other.get(f))) return "(column " + f + " is " + names.get(f) + ", schema says " + other.get(f) + ")";
    }
    return "";
  }

  public void write(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      w.write('\n');
      for (int f = 0; f < mean.length; f++) {
        w.write(names.get(f) + "\t" + mean[f] + "\t" + std[f] + "\n");
      }
    } catch (IOException e) {
      throw new IOException(file + ": cannot write the feature scaler: " + e.getMessage(), e);
    }
  }

  public static FeatureScaler read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    List<String> names = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (!HEADER.equals(header)) throw new IOException(file + ": expected header '" + HEADER.replace("\t", "\\t") + "', got " + header);
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String[] parts = line.split("\t", -1);
        if (parts.length != 3) throw new IOException(file + ":" + lineNo + ": expected 3 columns, got " + parts.length);
        try {
          values.add(new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])});
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + lineNo + ": bad number", e);
        }
        names.add(parts[0]);
      }
    }
    double[] mean = new double[names.size()], std = new double[names.size()];
    for (int f = 0; f < mean.length; f++) {
      mean[f] = values.get(f)[0];
      std[f] = values.get(f)[1];
    }
    try {
      return new FeatureScaler(names, mean, std);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
