package io.recsys.ranking.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.ranking.model.ModelCard;
import io.recsys.ranking.train.RankerArtifacts;
import io.recsys.ranking.train.RankerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions: hot swap of CURRENT, named versions on request, and models the service must refuse. */
class ModelRegistryTest {
  @TempDir static Path root;
  static RankerFixture.Published published;
  static String first, second;

  @BeforeAll
  static void trainTwoVersions() throws Exception {
    published = RankerFixture.trainAndPublish(root);
    first = published.store().currentName(RankerArtifacts.RANKER).orElseThrow();
    RankerFixture.train(published.data(), published.artifacts(), "--ranker-seed", "7");
    second = published.store().currentName(RankerArtifacts.RANKER).orElseThrow();
  }

  @Test
  void servesTheCurrentVersionAndANamedOneOnRequest() {
    assertThat(second).isNotEqualTo(first);
    try (ModelRegistry registry = new ModelRegistry(published.store(), new RankingModelLoader(), 2)) {
      assertThat(registry.current().version().name()).isEqualTo(second);
      try (ModelRegistry.Lease lease = registry.lease(null)) {
        assertThat(lease.model().version()).isEqualTo(second);
      }
      try (ModelRegistry.Lease lease = registry.lease(first)) {
        assertThat(lease.model().version()).isEqualTo(first);
      }
    }
  }

  @Test
  void anUnknownVersionIsRefusedNamingIt() {
    try (ModelRegistry registry = new ModelRegistry(published.store(), new RankingModelLoader(), 2)) {
      assertThatThrownBy(() -> registry.lease("20990101T000000Z-deadbeef"))
          .isInstanceOf(ModelRegistry.UnknownVersionException.class).hasMessageContaining("20990101T000000Z-deadbeef")
          .hasMessageContaining(first);
      assertThatThrownBy(() -> registry.lease("../etc")).isInstanceOf(ModelRegistry.UnknownVersionException.class)
          .hasMessageContaining("not a valid version name");
    }
  }

  @Test
  void hotSwapsWhenCurrentMovesAndFreesTheOldModelAfterItsLastRequest() {
    ArtifactStore store = published.store();
    store.promote(RankerArtifacts.RANKER, first);
    try (ModelRegistry registry = new ModelRegistry(store, new RankingModelLoader(), 2)) {
      ModelRegistry.Lease inFlight = registry.lease(null);
      RankingModel old = inFlight.model();
      assertThat(old.version()).isEqualTo(first);
      store.promote(RankerArtifacts.RANKER, second);
      registry.serving().refresh();
      assertThat(registry.current().version().name()).isEqualTo(second);
      // The request that started on the old model still scores with it.
      assertThat(old.rank(new RankInput("u", List.of(), RankingModelTest.candidates("i1", "i2"), null, RankerFixture.T0)).items())
          .hasSize(2);
      assertThat(old.tryRetain()).as("closed by the swap, retained only by the request in flight").isTrue();
      old.release();
      inFlight.close();
      assertThat(old.tryRetain()).as("freed once the last request is done").isFalse();
    } finally {
      store.promote(RankerArtifacts.RANKER, second);
    }
  }

  @Test
  void refusesAModelTrainedAgainstAnotherFeatureStoreSchema() {
    var version = published.store().current(RankerArtifacts.RANKER);
    RankingModelLoader otherStore = new RankingModelLoader(io.recsys.ranking.onnx.OnnxScorerConfig.defaults(), 0.5,
        FeatureSchema.CURRENT_VERSION + 1);
    assertThatThrownBy(() -> otherStore.load(version)).hasMessageContaining("feature-store schema v" + FeatureSchema.CURRENT_VERSION)
        .hasMessageContaining("v" + (FeatureSchema.CURRENT_VERSION + 1));
  }

  @Test
  void refusesAModelWhoseFeatureLayoutIsNotTheOneThisCodeComputes(@TempDir Path copy) throws Exception {
    var version = published.store().current(RankerArtifacts.RANKER);
    for (String f : RankerArtifacts.FILES) Files.copy(version.file(f), copy.resolve(f));
    ModelCard card = ModelCard.read(copy);
    new ModelCard("rf1-000000000000", card.storeSchemaVersion(), card.featureNames(), card.trainingData(), card.architecture(),
        card.training(), card.metrics(), card.calibration()).write(copy);
    var edited = new io.recsys.core.artifact.ArtifactVersion(version.kind(), version.name(), copy, version.manifest());
    assertThatThrownBy(() -> new RankingModelLoader().load(edited)).hasMessageContaining("feature schema rf1-000000000000")
        .hasMessageContaining("this service computes rf1-");
  }
}
