package io.recsys.core.synthetic;

/**
 * One of a user's true interests.
 *
 * @param topic the topic id (0..T-1)
 * @param weight its mixture weight; a user's weights sum to 1
 */
public record Interest(int topic, double weight) {
  public Interest {
    if (topic < 0) throw new IllegalArgumentException("topic must be >= 0: " + topic);
    if (!(weight >= 0 && weight <= 1)) throw new IllegalArgumentException("weight must be in [0, 1]: " + weight);
  }
}
