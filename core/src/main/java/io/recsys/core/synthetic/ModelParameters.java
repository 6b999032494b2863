package io.recsys.core.synthetic;

/**
 * The knobs of the synthetic generative model (see {@link SyntheticDatasetGenerator} for the model
 * itself), apart from sizes and seed, which live in {@link SyntheticConfig}. {@link #DEFAULTS} gives
 * an e-commerce-like shop: a few percent to ~25 % click-through, one cart in five clicks, a
 * purchase in about three carts.
 *
 * @param maxInterests K: every user has 1..K interest topics (uniformly many)
 * @param interestConcentration symmetric Dirichlet concentration of a user's interest weights (1 =
 *     uniform over the simplex; smaller = one dominant interest)
 * @param topicShape Gamma shape of the topic popularity weights (which also set topic sizes); smaller
 *     = more uneven topics
 * @param zipfExponent exponent s of the within-topic Zipf popularity, weight of rank r = 1/(r+1)^s
 * @param ringRadius radius r of the ring the topic's items sit on around the topic centroid
 * @param embeddingNoise standard deviation of the isotropic noise added to each embedding, per
 *     dimension it is {@code embeddingNoise / sqrt(dim)}
 * @param ctr Beta prior of the items' true click-through rates (before the popularity lift)
 * @param popularityCtrLift how strongly CTR follows popularity: the Beta draw is multiplied by
 *     {@code 1 - lift/2 + lift * q}, q = 1 for the topic's most popular item, 0 for its least
 * @param cartRate Beta prior of P(cart | click)
 * @param purchaseRate Beta prior of P(purchase | cart)
 * @param driftProbability p_drift: chance that the next impression is a ring neighbour of the
 *     session's previous click
 * @param driftContinuation q of the two-sided geometric ring offset: P(|offset| = k) = (1-q) q^(k-1)
 * @param exploreProbability chance that an impression comes from a topic drawn by topic popularity
 *     rather than from the user's interests (the shop's "trending" slot)
 * @param offInterestClickFactor click probability multiplier for items outside the user's interests
 * @param meanSessionLength mean number of impressions in a session (geometric, at least 1)
 * @param meanSessionGapHours mean gap between a user's sessions beyond the 1 h minimum (exponential)
 * @param activitySpread sigma of the log-normal user activity, which shares the event budget out
 *     among users (0 = every user gets the same number of events)
 * @param startMillis earliest timestamp, epoch millis
 */
public record ModelParameters(
    int maxInterests,
    double interestConcentration,
    double topicShape,
    double zipfExponent,
    double ringRadius,
    double embeddingNoise,
    BetaPrior ctr,
    double popularityCtrLift,
    BetaPrior cartRate,
    BetaPrior purchaseRate,
    double driftProbability,
    double driftContinuation,
    double exploreProbability,
    double offInterestClickFactor,
    double meanSessionLength,
    double meanSessionGapHours,
    double activitySpread,
    long startMillis) {

  /** 2024-01-01T00:00:00Z: a fixed epoch keeps output identical from run to run. */
  public static final long DEFAULT_START_MILLIS = 1_704_067_200_000L;

  public static final ModelParameters DEFAULTS = new ModelParameters(
      4, 1.0, 2.0, 1.0, 0.6, 0.05,
      new BetaPrior(2, 14), 0.5, new BetaPrior(2, 8), new BetaPrior(3, 5),
      0.3, 0.5, 0.1, 0.25,
      10, 48, 1.0, DEFAULT_START_MILLIS);

  public ModelParameters {
    if (maxInterests < 1) throw new IllegalArgumentException("maxInterests must be >= 1: " + maxInterests);
    positive("interestConcentration", interestConcentration);
    positive("topicShape", topicShape);
    nonNegative("zipfExponent", zipfExponent);
    nonNegative("ringRadius", ringRadius);
    nonNegative("embeddingNoise", embeddingNoise);
    if (ctr == null || cartRate == null || purchaseRate == null) {
      throw new IllegalArgumentException("ctr, cartRate and purchaseRate priors are required");
    }
    probability("popularityCtrLift", popularityCtrLift);
    probability("driftProbability", driftProbability);
    if (!(driftContinuation >= 0 && driftContinuation < 1)) {
      throw new IllegalArgumentException("driftContinuation must be in [0, 1): " + driftContinuation);
    }
    probability("exploreProbability", exploreProbability);
    probability("offInterestClickFactor", offInterestClickFactor);
    if (!(meanSessionLength >= 1)) {
      throw new IllegalArgumentException("meanSessionLength must be >= 1: " + meanSessionLength);
    }
    nonNegative("meanSessionGapHours", meanSessionGapHours);
    nonNegative("activitySpread", activitySpread);
    if (startMillis < 0) throw new IllegalArgumentException("startMillis must be >= 0: " + startMillis);
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be > 0: " + v);
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be >= 0: " + v);
  }

  private static void probability(String name, double v) {
    if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
  }

  public ModelParameters withMaxInterests(int k) {
    return new ModelParameters(k, interestConcentration, topicShape, zipfExponent, ringRadius, embeddingNoise,
        ctr, popularityCtrLift, cartRate, purchaseRate, driftProbability, driftContinuation, exploreProbability,
        offInterestClickFactor, meanSessionLength, meanSessionGapHours, activitySpread, startMillis);
  }

  public ModelParameters withZipfExponent(double s) {
    return new ModelParameters(maxInterests, interestConcentration, topicShape, s, ringRadius, embeddingNoise,
        ctr, popularityCtrLift, cartRate, purchaseRate, driftProbability, driftContinuation, exploreProbability,
        offInterestClickFactor, meanSessionLength, meanSessionGapHours, activitySpread, startMillis);
  }

  public ModelParameters withDriftProbability(double p) {
    return new ModelParameters(maxInterests, interestConcentration, topicShape, zipfExponent, ringRadius,
        embeddingNoise, ctr, popularityCtrLift, cartRate, purchaseRate, p, driftContinuation, exploreProbability,
        offInterestClickFactor, meanSessionLength, meanSessionGapHours, activitySpread, startMillis);
  }

  public ModelParameters withExploreProbability(double p) {
    return new ModelParameters(maxInterests, interestConcentration, topicShape, zipfExponent, ringRadius,
        embeddingNoise, ctr, popularityCtrLift, cartRate, purchaseRate, driftProbability, driftContinuation, p,
        offInterestClickFactor, meanSessionLength, meanSessionGapHours, activitySpread, startMillis);
  }

  /**
   * A Beta(alpha, beta) distribution, mean alpha / (alpha + beta).
   */
  public record BetaPrior(double alpha, double beta) {
    public BetaPrior {
      positive("alpha", alpha);
      positive("beta", beta);
    }

    public double mean() {
      return alpha / (alpha + beta);
    }
  }
}
