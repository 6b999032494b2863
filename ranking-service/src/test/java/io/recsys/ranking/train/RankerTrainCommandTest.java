package io.recsys.ranking.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVersion;
import io.recsys.core.cli.CliErrorHandler;
import io.recsys.featurestore.store.FeatureSchema;
import io.recsys.ranking.model.ModelCard;
import io.recsys.ranking.model.MoeParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The ranker stage as ./recsys train runs it, on the fixture's world. */
class RankerTrainCommandTest {
  @TempDir static Path root;
  static RankerFixture.Published published;

  @BeforeAll
  static void train() throws Exception {
    published = RankerFixture.trainAndPublish(root);
  }

  @Test
  void publishesTheModelItsTablesAndAModelCardWithValidationMetricsAndCalibration() throws Exception {
    ArtifactVersion v = published.store().current(RankerArtifacts.RANKER);
    v.verify();
    for (String f : RankerArtifacts.FILES) assertThat(v.file(f)).isRegularFile();
    assertThat(v.manifest().featureSchemaVersion()).isEqualTo(FeatureSchema.CURRENT_VERSION);
    ModelCard card = ModelCard.read(v.path());
    assertThat(card.featureSchema()).startsWith("rf1-");
    assertThat(card.featureNames()).hasSize(card.architecture().denseDim());
    assertThat(card.trainingData()).containsKey("trainingCandidates");
    assertThat(card.metrics().get("validation.auc.click")).as("the fixture's taste is learnable").isGreaterThan(0.6);
    assertThat(card.metrics()).containsKeys("validation.auc.engage", "calibration.click.eceBefore", "calibration.click.eceAfter",
        "fit.seconds", "epochs.best");
    assertThat(card.calibration()).containsKeys("click.a", "click.b", "engage.a", "engage.b");
    MoeParameters.read(v.file(RankerArtifacts.PARAMETERS_FILE)).checkThresholds();
    assertThat(published.log()).contains("epoch 1:", "calibration (ECE", "published ranker/");
  }

  @Test
  void leavesTheRequestTimeFeaturesOutByDefault() throws Exception {
    ArtifactVersion v = published.store().current(RankerArtifacts.RANKER);
    io.recsys.ranking.features.FeatureScaler scaler = io.recsys.ranking.features.FeatureScaler.read(v.path());
    assertThat(scaler.switchedOff()).contains("pop.logDecayed7d", "pop.logDaysSinceFirstSeen", "live.logDecayedClicks",
        "live.logDecayedPurchases", "user.logHoursSinceLast", "ctx.hourSin", "ctx.hourCos", "ctx.weekdaySin", "ctx.weekdayCos");
    assertThat(scaler.switchedOff()).doesNotContain("trans.logLast1", "sim.last", "pop.logTotal");
    assertThat(published.log()).contains("features switched off");
  }

  @Test
  void anExcludedFeatureTheSchemaLacksIsABadInputNamingIt(@TempDir Path out) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = CliErrorHandler.commandLine(new RankerTrainCommand(new PrintStream(new ByteArrayOutputStream())));
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = cli.execute("--data", published.data().toString(), "--out", published.artifacts().toString(), "--force",
        "--ranker-exclude-features", "no.such.feature");
    assertThat(exit).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no.such.feature");
  }

  @Test
  void theEngageLevelIsATypeNameOnTheLadderAboveImpressions() {
    assertThat(RankerTrainCommand.engageLevel("favorite")).isEqualTo(2);
    assertThat(RankerTrainCommand.engageLevel("Add-To-Cart")).isEqualTo(3);
    assertThat(RankerTrainCommand.engageLevel("purchase")).isEqualTo(4);
    for (String[] bad : new String[][] {{"wishlist", "unknown type 'wishlist' (accepted: impression, click, favourite"},
        {"impression", "'impression' is impression, which is not on the ladder above impressions"},
        {"rating", "'rating' is rating, which is not on the ladder"}}) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CommandLine cli = CliErrorHandler.commandLine(new RankerTrainCommand(new PrintStream(new ByteArrayOutputStream())));
      cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
      int exit = cli.execute("--data", published.data().toString(), "--out", published.artifacts().toString(), "--force",
          "--ranker-engage-level", bad[0]);
      assertThat(exit).as(bad[0]).isEqualTo(CliErrorHandler.EXIT_BAD_INPUT);
      assertThat(err.toString(StandardCharsets.UTF_8)).as(bad[0]).contains("--ranker-engage-level: " + bad[1]);
    }
  }

  @Test
  void skipsTrainingWhenNothingChangedAndTrainsAgainWithForce() {
    ArtifactStore store = published.store();
    String before = store.currentName(RankerArtifacts.RANKER).orElseThrow();
    String log = RankerFixture.train(published.data(), published.artifacts());
    assertThat(store.currentName(RankerArtifacts.RANKER)).contains(before);
    assertThat(log).contains("unchanged");
    RankerFixture.train(published.data(), published.artifacts(), "--force");
    assertThat(store.currentName(RankerArtifacts.RANKER)).isNotEqualTo(java.util.Optional.of(before));
  }

  @Test
  void withoutTrainingCandidatesItSaysWhichStageToRunFirst(@TempDir Path empty) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = CliErrorHandler.commandLine(new RankerTrainCommand(new PrintStream(new ByteArrayOutputStream())));
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = cli.execute("--data", published.data().toString(), "--out", empty.toString());
    assertThat(exit).isEqualTo(CliErrorHandler.EXIT_BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("training-candidates").contains("./recsys train");
  }

  @Test
  void acceptsTheCandidateStagesOptionsTheLauncherPassesToBoth() {
    RankerFixture.train(published.data(), published.artifacts(), "--window", "5", "--training-candidates", "100", "--no-feature-store");
  }
}
