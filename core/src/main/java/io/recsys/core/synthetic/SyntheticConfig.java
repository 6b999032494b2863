package io.recsys.core.synthetic;

import java.util.Objects;

/**
 * What to generate: sizes, seed and model knobs. The same config (seed included) always produces the
 * same bytes. Presets come from {@link SizePreset}; the {@code with*} methods override one value.
 *
 * @param items number of items (at least {@code topics})
 * @param users number of users (each gets at least one event, so at most {@code events})
 * @param events exact number of events (impressions, clicks, carts, purchases together)
 * @param topics number of latent topic clusters T
 * @param dim embedding dimension d
 * @param seed master seed; every random stream is derived from it
 * @param model the behaviour knobs
 */
public record SyntheticConfig(int items, int users, long events, int topics, int dim, long seed,
    ModelParameters model) {
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_DIM = 16;

  public SyntheticConfig {
    Objects.requireNonNull(model, "model");
    if (topics < 1) throw new IllegalArgumentException("topics must be >= 1: " + topics);
    if (items < topics) {
      throw new IllegalArgumentException("items (" + items + ") must be >= topics (" + topics + ")");
    }
    if (users < 1) throw new IllegalArgumentException("users must be >= 1: " + users);
    if (events < users) {
      throw new IllegalArgumentException("events (" + events + ") must be >= users (" + users
          + "): every user gets at least one event");
    }
    if (dim < 3) throw new IllegalArgumentException("dim must be >= 3 (centroid plus a 2-d ring): " + dim);
    if ((long) items * dim > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("items x dim (" + items + " x " + dim + ") exceeds one float array");
    }
    if (model.maxInterests() > topics) {
      model = model.withMaxInterests(topics);
    }
  }

  public SyntheticConfig withItems(int n) {
    return new SyntheticConfig(n, users, events, topics, dim, seed, model);
  }

  public SyntheticConfig withUsers(int n) {
    return new SyntheticConfig(items, n, events, topics, dim, seed, model);
  }

  public SyntheticConfig withEvents(long n) {
    return new SyntheticConfig(items, users, n, topics, dim, seed, model);
  }

  public SyntheticConfig withTopics(int n) {
    return new SyntheticConfig(items, users, events, n, dim, seed, model);
  }

  public SyntheticConfig withDim(int n) {
    return new SyntheticConfig(items, users, events, topics, n, seed, model);
  }

  public SyntheticConfig withSeed(long s) {
    return new SyntheticConfig(items, users, events, topics, dim, s, model);
  }

  public SyntheticConfig withModel(ModelParameters m) {
    return new SyntheticConfig(items, users, events, topics, dim, seed, m);
  }
}
