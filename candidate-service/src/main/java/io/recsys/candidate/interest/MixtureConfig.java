package io.recsys.candidate.interest;

/**
 * Settings of {@link InterestMixtures}. Immutable; every default is a named constant and the compact
 * constructor rejects a bad value with a message naming the setting.
 *
 * @param neighbours k, the number of nearest users (cosine of ALS user vectors) whose interests
 *     smooth a user's; 0 turns neighbour smoothing off
 * @param beta weight of the neighbours' similarity-weighted counts against the user's own counts
 * @param addAlpha Dirichlet add-alpha pseudo-count added to every cluster: the whole smoothing for a
 *     user without neighbours (and online, in {@link InterestMixtures#forHistory}), and a floor that
 *     keeps every component's weight above zero otherwise
 * @param halfLifeDays an engagement's count halves every this many days before the user's newest
 *     engagement (offline) or before {@code now} (online); {@code Double.POSITIVE_INFINITY} counts
 *     every engagement as 1
 */
public record MixtureConfig(int neighbours, double beta, double addAlpha, double halfLifeDays) {
  public static final int DEFAULT_NEIGHBOURS = 20;
  public static final double DEFAULT_BETA = 1.0;
  public static final double DEFAULT_ADD_ALPHA = 0.5;
  public static final double DEFAULT_HALF_LIFE_DAYS = 60;

  public MixtureConfig {
    if (neighbours < 0) throw new IllegalArgumentException("MixtureConfig.neighbours must be >= 0, was " + neighbours);
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("MixtureConfig.beta must be a finite number >= 0, was " + beta);
    }
    if (!(addAlpha >= 0) || Double.isInfinite(addAlpha)) {
      throw new IllegalArgumentException("MixtureConfig.addAlpha must be a finite number >= 0, was " + addAlpha);
    }
    if (!(halfLifeDays > 0)) {
      throw new IllegalArgumentException("MixtureConfig.halfLifeDays must be > 0 (or infinite for no decay), was " + halfLifeDays);
    }
  }

  public static MixtureConfig defaults() {
    return new MixtureConfig(DEFAULT_NEIGHBOURS, DEFAULT_BETA, DEFAULT_ADD_ALPHA, DEFAULT_HALF_LIFE_DAYS);
  }

  public MixtureConfig withNeighbours(int k) {
    return new MixtureConfig(k, beta, addAlpha, halfLifeDays);
  }

  public MixtureConfig withBeta(double b) {
    return new MixtureConfig(neighbours, b, addAlpha, halfLifeDays);
  }

  public MixtureConfig withAddAlpha(double a) {
    return new MixtureConfig(neighbours, beta, a, halfLifeDays);
  }

  public MixtureConfig withHalfLifeDays(double days) {
    return new MixtureConfig(neighbours, beta, addAlpha, days);
  }

  /** The weight of an engagement {@code ageMillis} old (negative ages count as 0). */
  double decay(long ageMillis) {
    if (ageMillis <= 0 || Double.isInfinite(halfLifeDays)) return 1;
    return Math.pow(0.5, ageMillis / (halfLifeDays * 86_400_000.0));
  }
}
