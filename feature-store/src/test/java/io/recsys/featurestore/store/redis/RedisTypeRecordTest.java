package io.recsys.featurestore.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.KeyLayout;
import io.recsys.testsupport.RedisExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RedisTypeRecordTest {
  @RegisterExtension static final RedisExtension redis = RedisExtension.create();

  private final KeyLayout layout = FeatureStoreConfig.defaults().keyLayout();
  @TempDir Path dir;
  private RedisConnection connection;

  @BeforeEach
  void open() {
    connection = RedisConnection.open(RedisConnectionConfig.standalone(redis.uri()));
  }

  @AfterEach
  void close() {
    connection.close();
  }

  @Test
  void aRemappedNameIsRefusedAtStartAndNothingOfThatRegistryIsRecorded() throws IOException {
    RedisTypeRecord.verifyOrRecord(connection, layout, registry("pv = click", "buy = purchase"), Set.of());
    RedisTypeRecord.verifyOrRecord(connection, layout, registry("pv = click", "buy = purchase"), Set.of()); // a restart
    RedisTypeRecord.verifyOrRecord(connection, layout, registry("pv = click, weight=3", "fav = favourite"), Set.of());

    assertThatThrownBy(() -> RedisTypeRecord.verifyOrRecord(connection, layout,
        registry("PV = favourite", "buy = cart", "wish = favourite"), Set.of()))
        .isInstanceOf(RedisTypeRecord.RemapRefusedException.class)
        .hasMessageContaining("'pv' was counted as click, the registry now says favourite;")
        .hasMessageContaining("'buy' was counted as purchase, the registry now says cart;")
        .hasMessageContaining("key rs:types")
        .hasMessageContaining(RedisTypeRecord.ENV_ACCEPT_REMAP + "=");
    // Nothing of the refused registry was written: "wish" may still be recorded as anything.
    RedisTypeRecord.verifyOrRecord(connection, layout, registry("wish = cart"), Set.of());
  }

  @Test
  void aNameLeftOutStaysRecordedAndAnAcceptedRemapTakesTheNewType() throws IOException {
    RedisTypeRecord.verifyOrRecord(connection, layout, registry("view = click"), Set.of());
    RedisTypeRecord.verifyOrRecord(connection, layout, registry("other = cart"), Set.of()); // view not in this registry
    assertThatThrownBy(() -> RedisTypeRecord.verifyOrRecord(connection, layout, registry("view = impression"), Set.of()))
        .hasMessageContaining("'view' was counted as click, the registry now says impression");

    RedisTypeRecord.verifyOrRecord(connection, layout, registry("view = impression"), Set.of("View"));
    RedisTypeRecord.verifyOrRecord(connection, layout, registry("view = impression"), Set.of()); // recorded as such now
    assertThatThrownBy(() -> RedisTypeRecord.verifyOrRecord(connection, layout, registry("view = click"), Set.of()))
        .hasMessageContaining("'view' was counted as impression");
  }

  @Test
  void theDefaultRegistryIsRecordedUnderItsOwnNames() {
    RedisTypeRecord.verifyOrRecord(connection, layout, EventTypeRegistry.defaults(), Set.of());
    RedisTypeRecord.verifyOrRecord(connection, layout, EventTypeRegistry.defaults(), Set.of());
  }

  private EventTypeRegistry registry(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "types", ".properties");
    Files.write(file, java.util.List.of(lines));
    return EventTypeRegistry.configured(file, Map.of());
  }
}
