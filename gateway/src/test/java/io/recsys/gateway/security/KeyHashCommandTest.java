package io.recsys.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyHashCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) throws Exception {
    return KeyHashCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsTheDigestOfTheKeyOnStandardInputWithoutItsLineBreak() throws Exception {
    assertThat(run("abc\n")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(ApiKeyRegistry.sha256Hex("abc"));
  }

  @Test
  void keepsBlanksThatArePartOfTheKey() throws Exception {
    run(" abc \r\n");
    assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(ApiKeyRegistry.sha256Hex(" abc "));
  }

  @Test
  void takesTheKeyFromTheFirstArgument() throws Exception {
    assertThat(run("ignored", "abc")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(ApiKeyRegistry.sha256Hex("abc"));
  }

  @Test
  void anEmptyKeyIsAnErrorAndPrintsNoDigest() throws Exception {
    assertThat(run("\n")).isEqualTo(2);
    assertThat(out.size()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no key given");
  }
}
