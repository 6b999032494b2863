package io.recsys.candidate.model;

import static io.recsys.candidate.model.CandidateArtifacts.*;

import io.recsys.candidate.embed.ItemVectors;
import io.recsys.candidate.embed.UserFoldIn;
import io.recsys.candidate.index.ExactItemIndex;
import io.recsys.candidate.index.HnswItemIndex;
import io.recsys.candidate.index.ItemIndex;
import io.recsys.candidate.index.LuceneItemIndex;
import io.recsys.candidate.interest.InterestClusters;
import io.recsys.candidate.interest.MixtureConfig;
import io.recsys.candidate.pi2i.ItemToItemIndex;
import io.recsys.candidate.pi2i.PairScorer;
import io.recsys.candidate.pi2i.Pi2iRetriever;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactLoader;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;

/**
 * Loads a {@link CandidateArtifacts#BUNDLE} version into a {@link CandidateModel}: reads the component
 * versions it names, verifies each (manifest, sizes, SHA-256), and checks that they agree (same item
 * count and ids order, vectors of the index's dimension). Called by the service's
 * {@code ServingArtifact} off the request path; a version that fails any check is refused and the
 * model being served stays.
 */
public final class CandidateModelLoader implements ArtifactLoader<CandidateModel> {
  private final ArtifactStore store;
  private final MainIndex mainIndex;

  public CandidateModelLoader(ArtifactStore store) {
    this(store, MainIndex.AUTO);
  }

  public CandidateModelLoader(ArtifactStore store, MainIndex mainIndex) {
    this.store = store;
    this.mainIndex = mainIndex;
  }

  @Override
  public CandidateModel load(ArtifactVersion bundle) throws IOException {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(bundle.file(BUNDLE_FILE), StandardCharsets.UTF_8)) {
      props.load(r);
    }
    ArtifactVersion emb = part(props, bundle, EMBEDDINGS);
    ArtifactVersion clu = part(props, bundle, CLUSTERS);
    ArtifactVersion ann = part(props, bundle, ANN_INDEX);
    ArtifactVersion i2iV = part(props, bundle, I2I);
    ArtifactVersion sco = part(props, bundle, PAIR_SCORER);
    ArtifactVersion pop = part(props, bundle, POPULARITY);

    ItemVectors raw = ItemVectors.read(emb.file(ITEM_VECTORS_FILE));
    ItemVectors normalised = raw.normalised();
    Properties als = new Properties();
    try (Reader r = Files.newBufferedReader(emb.file(ALS_FILE), StandardCharsets.UTF_8)) {
      als.load(r);
    }
    InterestClusters clusters = InterestClusters.read(clu.file(CLUSTERS_FILE));
    ItemCatalog catalog = ItemCatalog.read(ann.file(CATEGORIES_FILE), raw.ids());
    int[] clusterOfRow = CandidateModel.clusterOfRow(clusters);
    ItemToItemIndex i2i = ItemToItemIndex.read(i2iV.file(I2I_FILE));
    PairScorer scorer = PairScorer.read(sco.file(PAIR_SCORER_FILE));
    Popularity popularity = Popularity.read(pop.file(POPULARITY_FILE));
    if (i2i.itemCount() != raw.count()) {
      throw new IOException(i2iV.path() + ": i2i lists cover " + i2i.itemCount() + " items, the embeddings " + raw.count());
    }
    MixtureConfig mixture = new MixtureConfig(intProp(props, "mixture.neighbours", bundle),
        doubleProp(props, "mixture.beta", bundle), doubleProp(props, "mixture.addAlpha", bundle),
        doubleProp(props, "mixture.halfLifeDays", bundle));
    UserFoldIn foldIn = new UserFoldIn(raw, doubleProp(als, "regularization", emb), doubleProp(als, "alpha", emb));
    Pi2iRetriever pi2i = new Pi2iRetriever(i2i, scorer, normalised, clusterOfRow, clusters.clusterCount(),
        popularity.engagements(), intProp(props, "pi2i.triggers", bundle));

    // The hnswlib graphs are loaded only when they serve (see MainIndex for the measured choice).
    ItemIndex hnsw = mainIndex.exactFor(normalised.count())
        ? new ExactItemIndex(normalised, clusterOfRow, catalog.categoriesByRow())
        : HnswItemIndex.load(ann.directory(HNSW_DIR), normalised, clusterOfRow);
    ItemIndex lucene;
    try {
      lucene = LuceneItemIndex.open(ann.directory(LUCENE_DIR), normalised.dim());
    } catch (IOException | RuntimeException e) {
      hnsw.close();
      throw e;
    }
    try {
      return new CandidateModel(bundle.name(), normalised, catalog, clusters, clusterOfRow, hnsw, lucene, foldIn, mixture,
          pi2i, popularity);
    } catch (RuntimeException e) {
      hnsw.close();
      lucene.close();
      throw e;
    }
  }

  private ArtifactVersion part(Properties props, ArtifactVersion bundle, ArtifactKind kind) {
    String name = props.getProperty(kind.name());
    if (name == null) throw new IllegalArgumentException(bundle.file(BUNDLE_FILE) + ": names no " + kind + " version");
    ArtifactVersion v = store.version(kind, name);
    v.verify();
    return v;
  }

  private static int intProp(Properties p, String key, ArtifactVersion where) {
    return (int) doubleProp(p, key, where);
  }

  private static double doubleProp(Properties p, String key, ArtifactVersion where) {
    String v = p.getProperty(key);
    if (v == null) throw new IllegalArgumentException(where.path() + ": no " + key);
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where.path() + ": " + key + " is not a number: " + v);
    }
  }
}
