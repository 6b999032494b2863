package io.recsys.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
  @TempDir Path dir;

  @Test
  void isTheSha256OfTheBytesOrOfAFile() throws IOException {
    Fingerprint abc = Fingerprint.of("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(abc.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(abc).hasToString("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Fingerprint.parse(abc.toString())).isEqualTo(abc);
    assertThat(Fingerprint.of(Files.writeString(dir.resolve("abc.txt"), "abc"))).isEqualTo(abc);
  }

  @Test
  void ofAFolderHashesTheSha256sumLinesOfItsFilesSortedByPath() throws IOException {
    Path one = Files.createDirectories(dir.resolve("one"));
    Files.writeString(one.resolve("b.csv"), "2");
    Files.createDirectories(one.resolve("sub"));
    Files.writeString(one.resolve("sub/a.csv"), "1");
    Path two = Files.createDirectories(dir.resolve("two"));
    Files.createDirectories(two.resolve("sub"));
    Files.writeString(two.resolve("sub/a.csv"), "1"); // written in the other order
    Files.writeString(two.resolve("b.csv"), "2");

    String lines = sha("2") + "  b.csv\n" + sha("1") + "  sub/a.csv\n";
    Fingerprint expected = Fingerprint.of(lines.getBytes(StandardCharsets.UTF_8));
    assertThat(Fingerprint.of(one)).isEqualTo(expected);
    assertThat(Fingerprint.of(two)).isEqualTo(expected);

    Files.writeString(two.resolve("b.csv"), "3");
    assertThat(Fingerprint.of(two)).isNotEqualTo(expected);
    Files.writeString(two.resolve("b.csv"), "2");
    Files.move(two.resolve("b.csv"), two.resolve("c.csv"));
    assertThat(Fingerprint.of(two)).isNotEqualTo(expected);
  }

  @Test
  void refusesTextThatIsNotASha256() {
    assertThatThrownBy(() -> Fingerprint.parse("md5:900150983cd24fb0d6963f7d28e17f72"))
        .hasMessageStartingWith("a fingerprint reads 'sha256:<64 hex digits>'");
    assertThatThrownBy(() -> new Fingerprint("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"))
        .hasMessageStartingWith("a fingerprint is 64 lower-case hex digits");
  }

  private static String sha(String text) {
    return Fingerprint.of(text.getBytes(StandardCharsets.UTF_8)).sha256();
  }
}
