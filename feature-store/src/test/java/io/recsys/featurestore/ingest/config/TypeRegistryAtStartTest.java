package io.recsys.featurestore.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.featurestore.ingest.ApiClient;
import io.recsys.featurestore.ingest.FeatureStoreApplication;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.redis.RedisConnection;
import io.recsys.featurestore.store.redis.RedisConnectionConfig;
import io.recsys.featurestore.store.redis.RedisTypeRecord;
import io.recsys.testsupport.RedisExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as it starts: a registry that remaps a name whose events an earlier start already
 * accepted stops the start with the names and the way out; accepting the remap lets it start.
 */
class TypeRegistryAtStartTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();
  @TempDir Path dir;

  @Test
  void aRegistryRemappingAStoredNameStopsTheStartUnlessTheRemapIsAccepted() throws IOException {
    Path before = Files.writeString(dir.resolve("before.properties"), "pv = click\nbuy = purchase\n");
    Path after = Files.writeString(dir.resolve("after.properties"), "pv = favourite\nbuy = purchase\n");

    start(before, "").close();
    try (RedisConnection c = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()))) {
      // The service recorded its names in the test's Redis (not in an embedded one of its own).
      assertThatThrownBy(() -> RedisTypeRecord.verifyOrRecord(c, FeatureStoreConfig.defaults().keyLayout(),
          EventTypeRegistry.configured(after, java.util.Map.of()), java.util.Set.of()))
          .isInstanceOf(RedisTypeRecord.RemapRefusedException.class);
    }
    start(before, "").close(); // the same registry again: a restart

    Throwable refused = Assertions.catchThrowable(() -> start(after, "").close());
    Throwable cause = refused;
    while (cause != null && !(cause instanceof RedisTypeRecord.RemapRefusedException)) cause = cause.getCause();
    assertThat(cause).as("cause of %s", refused).isNotNull();
    assertThat(cause.getMessage()).contains("'pv' was counted as click, the registry now says favourite")
        .contains(RedisTypeRecord.ENV_ACCEPT_REMAP + "=pv");

    try (ConfigurableApplicationContext accepted = start(after, "pv")) {
      assertThat(accepted.getBean(EventTypeRegistry.class).resolve("pv").type().wireName()).isEqualTo("favourite");
    }
    start(after, "").close(); // recorded as favourite now
    assertThatThrownBy(() -> start(before, "").close()).hasStackTraceContaining("'pv' was counted as favourite");
  }

  private ConfigurableApplicationContext start(Path types, String acceptRemap) {
    // Command-line arguments: they win over feature-store.yml (whose recsys.redis.url is ${REDIS_URL:}),
    // as the environment does in a deployment; builder properties would lose to it.
    return FeatureStoreApplication.builder().run(
        "--recsys.redis.url=" + redis.uri(),
        "--server.port=0",
        "--recsys.security.api-key=" + ApiClient.API_KEY,
        "--recsys.security.admin-key=" + ApiClient.ADMIN_KEY,
        "--logging.level.root=WARN",
        "--" + EventTypeRegistry.ENV_VARIABLE + "=" + types,
        "--" + RedisTypeRecord.ENV_ACCEPT_REMAP + "=" + acceptRemap);
  }
}
