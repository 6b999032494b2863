package io.recsys.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactConfigTest {
  @Test
  void defaultsToArtifactsInTheWorkingFolderKeepingFiveAndPollingEveryTenSeconds() {
    ArtifactConfig c = ArtifactConfig.fromEnvironment(Map.of());
    assertThat(c).isEqualTo(new ArtifactConfig(Path.of("artifacts"), 5, Duration.ofSeconds(10)));
    assertThat(new ArtifactStore(c).root()).isEqualTo(Path.of("artifacts").toAbsolutePath());
  }

  @Test
  void takesTheRootFromRecsysArtifacts() {
    ArtifactConfig c = ArtifactConfig.fromEnvironment(Map.of("RECSYS_ARTIFACTS", "/srv/recsys/artifacts"));
    assertThat(c.root()).isEqualTo(Path.of("/srv/recsys/artifacts"));
    assertThat(c.keepVersions()).isEqualTo(ArtifactConfig.DEFAULT_KEEP_VERSIONS);
  }

  @Test
  void refusesSettingsNamingTheSetting() {
    assertThatThrownBy(() -> ArtifactConfig.fromEnvironment(Map.of("RECSYS_ARTIFACTS", "  ")))
        .hasMessage("RECSYS_ARTIFACTS is set but blank (unset it for ./artifacts or name a folder)");
    assertThatThrownBy(() -> ArtifactConfig.fromEnvironment(Map.of("RECSYS_ARTIFACTS", "a\0b")))
        .hasMessageStartingWith("RECSYS_ARTIFACTS is not a path: ");
    ArtifactConfig c = ArtifactConfig.fromEnvironment(Map.of());
    assertThatThrownBy(() -> c.withKeepVersions(0))
        .hasMessage("keepVersions must be >= 1 (newest versions kept besides CURRENT's): 0");
    assertThatThrownBy(() -> c.withPollInterval(Duration.ZERO)).hasMessage("pollInterval must be positive: PT0S");
    assertThatThrownBy(() -> c.withRoot(null)).hasMessage("root must be set (RECSYS_ARTIFACTS)");
  }
}
