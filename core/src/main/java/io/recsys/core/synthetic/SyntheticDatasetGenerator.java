package io.recsys.core.synthetic;

import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.User;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates a seeded synthetic e-commerce dataset whose generative model is known, so later stages
 * (multi-interest retrieval, ranking, bandits) can be tested against the truth.
 *
 * <h2>The generative model</h2>
 *
 * <ol>
 *   <li><b>Topics.</b> T latent topics with popularity weights from Gamma({@code topicShape}),
 *       normalised; topic sizes are proportional to them. Each topic has a centroid c_t uniform on the
 *       unit sphere in d dimensions and two unit vectors a_t, b_t (orthogonalised against c_t and each
 *       other) spanning its ring.
 *   <li><b>Items.</b> Items are assigned to topics by a random permutation and sit on the topic's ring
 *       at positions 0..n_t-1. Embedding = normalise(c_t + r (cos θ a_t + sin θ b_t) + ε), θ = 2π
 *       pos / n_t, ε ~ N(0, (noise²/d) I): ring neighbours are embedding neighbours.
 *   <li><b>Popularity.</b> Within a topic, Zipf weights 1/(rank+1)^s over a random permutation of
 *       the ring positions.
 *   <li><b>Conversion rates.</b> Per item: true CTR ~ Beta(ctr) times a popularity lift between
 *       1 - lift/2 (least popular) and 1 + lift/2 (most popular); P(cart | click) ~ Beta(cartRate);
 *       P(purchase | cart) ~ Beta(purchaseRate); all capped at 0.95.
 *   <li><b>Users.</b> 1..K interest topics drawn by topic popularity (distinct), mixture weights
 *       from a symmetric Dirichlet; a log-normal activity level. The event budget is shared out in
 *       proportion to activity (each user at least one event), so the total is exact.
 *   <li><b>Sessions.</b> See {@link SessionSimulator}: geometric session lengths, exponential gaps of
 *       at least an hour; within a session, sequential drift to ring neighbours of the previous
 *       click with probability p_drift, otherwise interest-mixture (or, with the explore probability,
 *       topic-popularity) draws; then the impression → click → cart → purchase funnel.
 * </ol>
 *
 * <h2>Determinism</h2>
 * All randomness is {@link SplittableRandom} seeded from the master seed: one stream for the
 * catalogue, one per topic for its vocabulary, and per user one for the activity and one for the
 * interests and sessions, each seeded by (seed, user index). Variates use {@link StrictMath}, so the
 * same config gives the same bytes on any JVM.
 *
 * <p>Memory: the catalogue's per-item arrays; users are generated one at a time and events streamed.
 * Not thread-safe (the generation run reuses scratch buffers); the {@link #catalog()} and
 * {@link #population()} it exposes are.
 */
public final class SyntheticDatasetGenerator {
  /** Bumped whenever the same config would produce different output. */
  public static final int VERSION = 1;
  static final int PROGRESS_EVERY = 1 << 16;

  private final SyntheticConfig config;
  private final Catalog catalog;
  private final UserPopulation population;

  public SyntheticDatasetGenerator(SyntheticConfig config) {
    this.config = config;
    this.catalog = Catalog.generate(config);
    this.population = new UserPopulation(config, catalog);
  }

  public SyntheticConfig config() {
    return config;
  }

  public Catalog catalog() {
    return catalog;
  }

  public UserPopulation population() {
    return population;
  }

  /**
   * Streams the whole dataset to {@code sink}: all items first, then user after user, each user's
   * record followed by their events in time order. {@code userTruth} hears each user's profile as it
   * is generated.
   */
  public GenerationCounts generate(DatasetSink sink, Consumer<UserProfile> userTruth, ProgressListener progress) {
    for (int item = 0; item < catalog.items(); item++) sink.item(catalog.metadata(item));

    int users = config.users();
    double totalActivity = 0;
    for (int u = 0; u < users; u++) totalActivity += population.activity(u);

    // Each user gets 1 event plus an activity-proportional share of the rest; shares are differences
    // of floored cumulative targets, so they add up to exactly the configured total.
    long extra = config.events() - users;
    double cumulativeActivity = 0;
    long previousTarget = 0;
    long written = 0;
    long nextProgress = PROGRESS_EVERY;
    SessionSimulator simulator = new SessionSimulator(catalog, config.model());
    for (int u = 0; u < users; u++) {
      SplittableRandom rng = population.random(u);
      UserProfile profile = population.draw(u, rng);
      cumulativeActivity += profile.activity();
      long target = u == users - 1 ? extra : (long) Math.floor(cumulativeActivity / totalActivity * extra);
      target = Math.max(previousTarget, Math.min(extra, target));
      long budget = 1 + target - previousTarget;
      previousTarget = target;

      sink.user(new User(profile.userId(), Map.of()));
      userTruth.accept(profile);
      simulator.simulate(profile, rng, budget, sink);
      written += budget;
      if (written >= nextProgress) {
        progress.eventsWritten(written, config.events());
        nextProgress = written + PROGRESS_EVERY;
      }
    }
    progress.eventsWritten(written, config.events());

    long impressions = simulator.count(InteractionType.IMPRESSION);
    long clicks = simulator.count(InteractionType.CLICK);
    long carts = simulator.count(InteractionType.CART);
    long purchases = simulator.count(InteractionType.PURCHASE);
    long events = impressions + clicks + carts + purchases;
    if (events != config.events()) {
      throw new IllegalStateException("generated " + events + " events, configured " + config.events());
    }
    return new GenerationCounts(catalog.items(), users, simulator.sessions(), events, impressions, clicks, carts,
        purchases);
  }
}
