package io.recsys.candidate.model;

import io.recsys.core.artifact.ArtifactKind;

/**
 * The artefact kinds the candidate stages of {@code ./recsys train} publish, and the file each holds.
 * The service serves {@link #BUNDLE}: a small version that names one version of every other kind, so a
 * hot swap always moves to a consistent set (an index is never paired with clusters of another
 * training run).
 */
public final class CandidateArtifacts {
  private CandidateArtifacts() {}

  public static final ArtifactKind EMBEDDINGS = ArtifactKind.EMBEDDINGS;
  public static final ArtifactKind CLUSTERS = ArtifactKind.CLUSTERS;
  public static final ArtifactKind MIXTURES = new ArtifactKind("mixtures");
  public static final ArtifactKind ANN_INDEX = ArtifactKind.ANN_INDEX;
  public static final ArtifactKind I2I = ArtifactKind.I2I;
  public static final ArtifactKind PAIR_SCORER = new ArtifactKind("pi2i-scorer");
  public static final ArtifactKind POPULARITY = new ArtifactKind("popularity");
  public static final ArtifactKind BUNDLE = new ArtifactKind("candidate-bundle");
  public static final ArtifactKind TRAINING_CANDIDATES = ArtifactKind.TRAINING_CANDIDATES;

  public static final String ITEM_VECTORS_FILE = "item-vectors.bin";
  /** The ALS user factors (rows = the dataset's users, ids = user ids), for the offline mixtures. */
  public static final String USER_VECTORS_FILE = "user-vectors.bin";
  public static final String ALS_FILE = "als.properties";
  public static final String CLUSTERS_FILE = "clusters.bin";
  public static final String MIXTURES_FILE = "mixtures.bin";
  public static final String HNSW_DIR = "hnsw";
  public static final String LUCENE_DIR = "lucene";
  public static final String CATEGORIES_FILE = "item-categories.tsv";
  public static final String I2I_FILE = "i2i.bin";
  public static final String PAIR_SCORER_FILE = "pair-scorer.bin";
  public static final String POPULARITY_FILE = "popularity.bin";
  public static final String BUNDLE_FILE = "bundle.properties";
  public static final String TRAINING_CANDIDATES_FILE = "training-candidates.tsv.gz";
  /**
   * Beside the training candidates: the item embeddings of the window models they were retrieved
   * with (trained without each user's last M interactions), in the shared item-vector format, and
   * their interest cluster per item ({@code itemId<TAB>cluster}, -1 for none). The ranker trains its
   * item and sequence features on these, so no feature of a training example comes from a model that
   * saw it.
   */
  public static final String WINDOW_ITEM_VECTORS_FILE = "window-item-vectors.bin";
  public static final String WINDOW_ITEM_CLUSTERS_FILE = "window-item-clusters.tsv";
}
