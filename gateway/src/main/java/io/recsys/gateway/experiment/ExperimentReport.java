package io.recsys.gateway.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Click-through rates of an experiment's variants with 95% intervals, and each treatment compared with
 * the control (the first variant) by a two-proportion z-test. A plain record tree with no NaN or
 * infinity anywhere (undefined statistics are null, with a {@code note}), so Jackson serialises it as
 * is. Immutable.
 *
 * <p>Caveat, stated in the notes and the module README: the unit of randomisation is the user but the
 * unit of analysis is the impression. The z-test treats impressions as independent, which they are not
 * when one user sees many items, so its standard error is too small and the p-value optimistic by the
 * design effect; treat {@code significantAt05} as a screen, not a verdict.
 *
 * @param experiment the experiment's name
 * @param control the control variant's name
 * @param confidenceLevel of the intervals (0.95)
 * @param variants in declaration order, the control first
 * @param undeclaredVariants variants with counts that the experiment no longer declares (renamed or
 *     removed), sorted; their counts are not in the report
 */
public record ExperimentReport(String experiment, String control, double confidenceLevel, List<VariantReport> variants,
    List<String> undeclaredVariants) {
  public static final double CONFIDENCE_LEVEL = 0.95;
  /** Φ⁻¹(0.975): the two-sided 95% normal quantile. */
  public static final double Z_95 = 1.959963984540054;
  public static final double SIGNIFICANCE_LEVEL = 0.05;

  public ExperimentReport {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(control, "control");
    variants = List.copyOf(variants);
    undeclaredVariants = List.copyOf(undeclaredVariants);
  }

  /**
   * One variant's numbers.
   *
   * @param variant the variant's name
   * @param share the share of users assigned to it (its bucket range over all buckets)
   * @param ctr clicks / impressions, or null without impressions
   * @param ctrInterval Wilson score interval of the CTR at {@link #CONFIDENCE_LEVEL}, or null without
   *     impressions
   * @param vsControl the comparison with the control; null for the control itself
   * @param note why {@code ctr} or its interval is missing, or null
   */
  public record VariantReport(String variant, double share, long requests, long shown, long impressions, long clicks,
      Double ctr, Interval ctrInterval, Comparison vsControl, String note) {
    public VariantReport {
      Objects.requireNonNull(variant, "variant");
    }
  }

  /** A closed interval {@code [lower, upper]}. */
  public record Interval(double lower, double upper) {
    public Interval {
      if (!(lower <= upper)) throw new IllegalArgumentException("interval lower " + lower + " is above upper " + upper);
    }
  }

  /**
   * A two-proportion z-test of this variant's CTR against the control's: {@code z = (p_t − p_c) / se}
   * with the pooled {@code se = √(p(1−p)(1/n_t + 1/n_c))}, {@code p = (x_t + x_c)/(n_t + n_c)}; the
   * p-value is two-sided. Every statistic is null when undefined, with {@code note} saying why.
   *
   * @param control the control's name
   * @param difference {@code p_t − p_c}
   * @param relativeDifference {@code (p_t − p_c) / p_c} (lift), null when the control's CTR is 0
   * @param pooledStandardError the pooled standard error of the difference
   * @param z the test statistic
   * @param pValue two-sided, {@code 2(1 − Φ(|z|))}
   * @param significantAt05 {@code pValue < 0.05}
   * @param note why statistics are missing, or null
   */
  public record Comparison(String control, Double difference, Double relativeDifference, Double pooledStandardError,
      Double z, Double pValue, Boolean significantAt05, String note) {
  }

  /** The report of {@code experiment} from its exposure counts (variants without counts count as zero). */
  public static ExperimentReport of(Experiment experiment, Map<String, VariantCounts> counts) {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(counts, "counts");
    List<Variant> declared = experiment.variants();
    int[] upper = VariantAssigner.upperBounds(declared);
    VariantCounts control = counts.getOrDefault(experiment.control().name(), VariantCounts.ZERO);
    List<VariantReport> reports = new ArrayList<>(declared.size());
    for (int i = 0; i < declared.size(); i++) {
      Variant v = declared.get(i);
      VariantCounts c = counts.getOrDefault(v.name(), VariantCounts.ZERO);
      double share = (upper[i] - (i == 0 ? 0 : upper[i - 1])) / (double) VariantAssigner.BUCKETS;
      Double ctr = c.impressions() == 0 ? null : c.clicks() / (double) c.impressions();
      Interval interval = null;
      String note = null;
      if (c.impressions() == 0) note = "no impressions yet";
      else if (c.clicks() > c.impressions()) note = "more clicks than impressions: feedback counts are inconsistent";
      else interval = wilson(c.clicks(), c.impressions(), Z_95);
      Comparison vs = i == 0 ? null : compare(experiment.control().name(), control, c);
      reports.add(new VariantReport(v.name(), share, c.requests(), c.shown(), c.impressions(), c.clicks(), ctr, interval, vs, note));
    }
    List<String> undeclared = new ArrayList<>();
    for (String name : counts.keySet()) if (experiment.variant(name) == null) undeclared.add(name);
    undeclared.sort(null);
    return new ExperimentReport(experiment.name(), experiment.control().name(), CONFIDENCE_LEVEL, reports, undeclared);
  }

  /**
   * The Wilson score interval for {@code x} successes in {@code n} trials:
   * {@code (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)}. Unlike the Wald interval it stays inside
   * [0, 1] and keeps its coverage at CTRs near 0, which is where click-through rates live.
   */
  static Interval wilson(long x, long n, double z) {
    if (n <= 0 || x < 0 || x > n) throw new IllegalArgumentException("need 0 <= x <= n and n > 0: x=" + x + ", n=" + n);
    double p = x / (double) n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    // The exact bounds lie in [0, 1]; clamping only removes rounding at x = 0 or x = n.
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** The two-proportion z-test of {@code treatment} against {@code control}, with undefined cases noted. */
  static Comparison compare(String controlName, VariantCounts control, VariantCounts treatment) {
    long nc = control.impressions(), nt = treatment.impressions();
    long xc = control.clicks(), xt = treatment.clicks();
    if (nc == 0 || nt == 0) {
      String side = nc == 0 && nt == 0 ? "either variant" : nc == 0 ? "the control" : "this variant";
      return undefined(controlName, "no impressions for " + side + ": the test is undefined");
    }
    if (xc > nc || xt > nt) return undefined(controlName, "more clicks than impressions: feedback counts are inconsistent");
    double pc = xc / (double) nc, pt = xt / (double) nt;
    double difference = pt - pc;
    Double lift = xc == 0 ? null : difference / pc;
    double pooled = (xc + xt) / (double) (nc + nt);
    if (xc + xt == 0 || xc + xt == nc + nt) {
      String why = xc + xt == 0 ? "no clicks in either variant" : "every impression clicked in both variants";
      return new Comparison(controlName, difference, lift, null, null, null, null,
          why + ": the pooled CTR is " + (xc + xt == 0 ? 0 : 1) + ", so the standard error is 0 and the test is undefined");
    }
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nc + 1.0 / nt));
    double z = difference / se;
    double p = NormalDistribution.twoSidedPValue(z);
    return new Comparison(controlName, difference, lift, se, z, p, p < SIGNIFICANCE_LEVEL, null);
  }

  private static Comparison undefined(String controlName, String note) {
    return new Comparison(controlName, null, null, null, null, null, null, note);
  }
}
