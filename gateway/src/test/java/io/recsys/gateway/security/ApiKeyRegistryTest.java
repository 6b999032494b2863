package io.recsys.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gateway.ratelimit.RateLimit;
import io.recsys.gateway.security.ApiKeyRegistry.KeyEntry;
import io.recsys.gateway.security.ApiKeyRegistry.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {
  private static KeyEntry entry(String name, String key, Role role) {
    return new KeyEntry(name, ApiKeyRegistry.sha256Hex(key), role, null);
  }

  @Test
  void sha256HexIsTheLowercaseDigestOfTheUtf8Bytes() {
    // printf '%s' abc | sha256sum
    assertThat(ApiKeyRegistry.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ApiKeyRegistry.sha256Hex("é")).isEqualTo(ApiKeyRegistry.sha256Hex("\u00e9")).hasSize(64);
  }

  @Test
  void findsAConfiguredKeyByItsPlaintextAndNothingElse() {
    RateLimit partnerLimit = new RateLimit(5, 10);
    ApiKeyRegistry keys = new ApiKeyRegistry(List.of(
        new KeyEntry("partner-a", ApiKeyRegistry.sha256Hex("key-a"), Role.API, partnerLimit),
        entry("ops", "key-ops", Role.ADMIN)));
    assertThat(keys.find("key-a")).hasValueSatisfying(e -> {
      assertThat(e.name()).isEqualTo("partner-a");
      assertThat(e.role()).isEqualTo(Role.API);
      assertThat(e.limit()).isEqualTo(partnerLimit);
    });
    assertThat(keys.find("key-ops")).hasValueSatisfying(e -> assertThat(e.role()).isEqualTo(Role.ADMIN));
    assertThat(keys.find("key-b")).isEmpty();
    assertThat(keys.find(ApiKeyRegistry.sha256Hex("key-a"))).as("the digest is not the key").isEmpty();
    assertThat(keys.find("")).isEmpty();
    assertThat(keys.find(null)).isEmpty();
  }

  @Test
  void environmentKeysAreHashedAndNamedAndNeverKept() {
    ApiKeyRegistry keys = ApiKeyRegistry.fromEnvironment(List.of(),
        Map.of("RECSYS_API_KEY", "plain-api-secret", "RECSYS_ADMIN_KEY", "plain-admin-secret"));
    assertThat(keys.find("plain-api-secret")).hasValueSatisfying(e -> {
      assertThat(e.name()).isEqualTo(ApiKeyRegistry.ENV_API_NAME);
      assertThat(e.role()).isEqualTo(Role.API);
      assertThat(e.sha256()).isEqualTo(ApiKeyRegistry.sha256Hex("plain-api-secret"));
    });
    assertThat(keys.find("plain-admin-secret")).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("env-admin"));
    assertThat(keys.toString()).isEqualTo("ApiKeyRegistry[env-api, env-admin]").doesNotContain("secret");
    for (var field : ApiKeyRegistry.class.getDeclaredFields()) {
      if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) continue; // the constants
      assertThat(field.getType()).as("no instance field holds a key as text").isNotEqualTo(String.class);
    }
  }

  @Test
  void blankEnvironmentKeysAreNotSet() {
    ApiKeyRegistry keys = new ApiKeyRegistry(List.of(), " ", null);
    assertThat(keys.isEmpty()).isTrue();
    assertThat(keys.find(" ")).isEmpty();
  }

  @Test
  void aMalformedDigestIsNamedByItsPropertyWithoutEchoingIt() {
    List<KeyEntry> given = List.of(entry("a", "x", Role.API), new KeyEntry("b", "my-plaintext-key", Role.API, null));
    assertThatThrownBy(() -> new ApiKeyRegistry(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("recsys.gateway.keys[1].sha256 must be 64 lowercase hex digits")
        .hasMessageContaining("key \"b\" has 16 characters")
        .hasMessageNotContaining("my-plaintext-key");
  }

  @Test
  void anUppercaseDigestIsRefusedWithAHint() {
    String upper = ApiKeyRegistry.sha256Hex("k").toUpperCase();
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(new KeyEntry("a", upper, Role.API, null))))
        .hasMessageStartingWith("recsys.gateway.keys[0].sha256 must be 64 lowercase hex digits")
        .hasMessageContaining("with upper case");
  }

  @Test
  void surroundingBlanksOfADigestAreDropped() {
    ApiKeyRegistry keys = new ApiKeyRegistry(List.of(new KeyEntry("a", " " + ApiKeyRegistry.sha256Hex("k") + "\n", Role.API, null)));
    assertThat(keys.find("k")).isPresent();
  }

  @Test
  void aBadNameIsNamedByItsProperty() {
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(entry("ok", "1", Role.API), entry("anonymous:1.2.3.4", "2", Role.API))))
        .hasMessageStartingWith("recsys.gateway.keys[1].name must be 1 to 64 letters, digits");
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(entry("", "1", Role.API)))).hasMessageStartingWith("recsys.gateway.keys[0].name");
  }

  @Test
  void twoEntriesWithOneNameAreRefused() {
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(entry("a", "1", Role.API), entry("b", "2", Role.API), entry("a", "3", Role.ADMIN))))
        .hasMessage("recsys.gateway.keys[2].name \"a\" is already the name of recsys.gateway.keys[0]: every key needs its own "
            + "name (it is the key's rate-limit bucket)");
  }

  @Test
  void twoEntriesWithOneDigestAreRefused() {
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(entry("a", "same", Role.API), entry("b", "same", Role.ADMIN))))
        .hasMessage("recsys.gateway.keys[1].sha256 is the same key as recsys.gateway.keys[0] (\"a\"): one key cannot have two "
            + "names or roles");
  }

  @Test
  void anEnvironmentKeyEqualToAnotherKeyIsRefused() {
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(entry("a", "shared", Role.API)), "shared", null))
        .hasMessage("RECSYS_API_KEY is the same key as recsys.gateway.keys[0] (\"a\"): one key cannot have two names or roles");
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(), "shared", "shared"))
        .hasMessageStartingWith("RECSYS_ADMIN_KEY is the same key as RECSYS_API_KEY");
    assertThatThrownBy(() -> new ApiKeyRegistry(List.of(entry("env-api", "1", Role.API)), "2", null))
        .hasMessageStartingWith("RECSYS_API_KEY \"env-api\" is already the name of recsys.gateway.keys[0]");
  }

  @Test
  void aMissingRoleIsRefused() {
    assertThatThrownBy(() -> new KeyEntry("a", ApiKeyRegistry.sha256Hex("k"), null, null)).hasMessageContaining("role is required");
  }

  @Test
  void everyOneOfManyKeysIsFound() {
    List<KeyEntry> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) many.add(entry("k" + i, "secret-" + i, i % 10 == 0 ? Role.ADMIN : Role.API));
    ApiKeyRegistry keys = new ApiKeyRegistry(many);
    for (int i = 0; i < 2000; i += 37) assertThat(keys.find("secret-" + i)).map(KeyEntry::name).hasValue("k" + i);
    assertThat(keys.find("secret-1999")).map(KeyEntry::name).hasValue("k1999");
    assertThat(keys.find("secret-2000")).isEmpty();
  }

}
