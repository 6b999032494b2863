package io.recsys.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.starter.security.SecurityProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityPropertiesTest {
  @Test
  void defaults() {
    SecurityProperties p = new SecurityProperties(null, null, null, null, null);
    assertThat(p.apiKey()).isEmpty();
    assertThat(p.adminKey()).isEmpty();
    assertThat(p.internalKey()).isEmpty();
    assertThat(p.publicPaths()).containsExactly("/v1/**");
    assertThat(p.internalPaths()).containsExactly("/internal/**");
    assertThat(new SecurityProperties("a", "b", "c", List.of("/api/**"), List.of()).publicPaths()).containsExactly("/api/**");
  }

  @Test
  void theInternalKeyMustDifferFromThePublicOnes() {
    assertThatThrownBy(() -> SecurityProperties.of("k", "admin", "k")).hasMessageContaining("RECSYS_INTERNAL_KEY must differ");
    assertThatThrownBy(() -> SecurityProperties.of("api", "k", "k")).hasMessageContaining("RECSYS_INTERNAL_KEY must differ");
    assertThat(SecurityProperties.of("", "", "").internalKey()).isEmpty();
  }
}
