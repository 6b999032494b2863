package io.recsys.core.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws users one at a time, each from its own random stream seeded by (seed, user index), so any
 * user can be regenerated without the ones before it and nothing about users is stored.
 *
 * <p>A user has 1..K interests (K = {@code maxInterests}, the count uniform), distinct topics drawn
 * by topic popularity, with mixture weights from a symmetric Dirichlet (normalised Gamma draws). Their
 * activity, log-normal, comes from a separate stream so the event budget can be shared out in a
 * cheap first pass.
 *
 * <p>Immutable; thread-safe (every call makes its own generator).
 */
public final class UserPopulation {
  private static final long USER_STREAM = 0x05E7;
  private static final long ACTIVITY_STREAM = 0xAC71;
  private static final int TRIES_PER_INTEREST = 32;

  private final SyntheticConfig config;
  private final Catalog catalog;

  public UserPopulation(SyntheticConfig config, Catalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  public static String userId(int user) {
    return "u" + user;
  }

  public int size() {
    return config.users();
  }

  /** The user's activity level: exp(sigma * N(0, 1)). */
  public double activity(int user) {
    SplittableRandom rng = new SplittableRandom(RandomVariates.streamSeed(config.seed(), ACTIVITY_STREAM, user));
    return StrictMath.exp(config.model().activitySpread() * RandomVariates.gaussian(rng));
  }

  /** The generator of the user's interests and then sessions. */
  SplittableRandom random(int user) {
    return new SplittableRandom(RandomVariates.streamSeed(config.seed(), USER_STREAM, user));
  }

  /** The user's true profile, as the generator used it. */
  public UserProfile profile(int user) {
    return draw(user, random(user));
  }

  /** Draws the profile from {@code rng}, which the generator then goes on using for sessions. */
  UserProfile draw(int user, SplittableRandom rng) {
    if (user < 0 || user >= config.users()) {
      throw new IllegalArgumentException("user index out of range 0.." + (config.users() - 1) + ": " + user);
    }
    ModelParameters m = config.model();
    int k = 1 + rng.nextInt(m.maxInterests());
    int[] topics = new int[k];
    double[] weights = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      topics[i] = distinctTopic(rng, topics, i);
      total += weights[i] = RandomVariates.gamma(rng, m.interestConcentration());
    }
    List<Interest> interests = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      // all-zero Gamma draws (underflow at tiny concentrations) fall back to equal weights
      interests.add(new Interest(topics[i], total > 0 ? weights[i] / total : 1.0 / k));
    }
    return new UserProfile(user, userId(user), interests, activity(user));
  }

  /**
   * A topic by popularity that is not among {@code chosen[0..n)}; when popularity is so skewed that
   * draws keep hitting chosen ones, the next free topic after the last draw (rare, still seeded).
   */
  private int distinctTopic(SplittableRandom rng, int[] chosen, int n) {
    int t = 0;
    for (int attempt = 0; attempt < TRIES_PER_INTEREST; attempt++) {
      t = catalog.topicByPopularity(rng.nextDouble());
      if (!contains(chosen, n, t)) return t;
    }
    while (contains(chosen, n, t)) t = (t + 1) % catalog.topics();
    return t;
  }

  private static boolean contains(int[] v, int n, int x) {
    for (int i = 0; i < n; i++) {
      if (v[i] == x) return true;
    }
    return false;
  }
}
