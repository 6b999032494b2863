package io.recsys.core.dataset;

/**
 * Receives a dataset row by row, as readers stream it. Two implementations: {@link Dataset.Builder}
 * keeps everything in memory, {@link CanonicalDatasetWriter} streams it to files in bounded memory.
 * Readers deliver items and users before or after interactions, in any order.
 */
public interface DatasetSink {
  void interaction(Interaction interaction);

  void item(Item item);

  void user(User user);

  /**
   * Announces, before the first interaction of a source that has them, that interactions will carry
   * session ids; returns whether this sink keeps them. The default keeps nothing (the in-memory
   * {@link Dataset} has no session column: no model uses sessions yet); {@link CanonicalDatasetWriter}
   * keeps them when told before its first interaction.
   */
  default boolean sessions() {
    return false;
  }
}
