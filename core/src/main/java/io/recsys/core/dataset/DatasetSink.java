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
}
