package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * What {@link CanonicalDatasetWriter} writes, {@link GenericEventReader} reads back unchanged. Each
 * invocation is one seeded case: interactions, items and users whose texts stress CSV and JSON.
 */
class CanonicalFormatRoundTripProperties {
  /** 0001-01-01 .. 9999-12-31, the years ISO-8601 writes without a sign. */
  private static final long MIN_MILLIS = -62_135_596_800_000L;
  private static final long MAX_MILLIS = 253_402_300_799_999L;

  /** Separators, quotes, line breaks, escapes and non-ASCII, besides letters and digits. */
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789" + "\r,\"' \n\t|{}:\\éß漢\u00A0";
  private static final List<String> TRICKY = List.of("crlf\r\ninside", "\r\n", "lone\rcr", "\"", " padded ", "a,b");
  private static final List<Float> SPECIAL_VALUES = List.of(1f, 0.5f, 4.5f, 1e-30f, 3.4e38f, 1.0E7f, 12345678f, Float.MIN_VALUE);

  /** Half the cases carry session ids (some empty), written as the sessionId column. */
  record Case(boolean sessions, List<Interaction> interactions, List<Item> items, List<User> users) {
    static Case generate(Gen gen) {
      boolean sessions = gen.chance(0.5);
      return new Case(sessions, gen.list(1, 30, () -> interaction(gen, sessions)), gen.list(0, 10, () -> item(gen)),
          gen.list(0, 10, () -> user(gen)));
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 60)
  void genericReaderReadsBackWhatTheCanonicalWriterWrites(long seed) throws IOException {
    Case c = Case.generate(new Gen(seed));
    Path dir = Files.createTempDirectory("canonical-round-trip");
    try {
      Seeds.check(seed, c, () -> {
        try (CanonicalDatasetWriter writer = new CanonicalDatasetWriter(dir)) {
          if (c.sessions()) assertThat(writer.sessions()).isTrue();
          for (Item item : c.items()) writer.item(item);
          for (Interaction interaction : c.interactions()) writer.interaction(interaction);
          for (User user : c.users()) writer.user(user);
        }
        CollectingSink back = new CollectingSink();

        new GenericEventReader().read(dir, back, new RowErrors(ErrorPolicy.FAIL));

        assertThat(back.interactions).isEqualTo(c.interactions());
        assertThat(back.items).isEqualTo(c.items());
        assertThat(back.users).isEqualTo(c.users());
      });
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
  }

  /** Four times in five a random text of the alphabet above, else one of the tricky fixed texts. */
  private static String text(Gen gen, int minLength) {
    return gen.chance(0.8) ? gen.string(minLength, 12, ALPHABET) : gen.oneOf(TRICKY);
  }

  private static Interaction interaction(Gen gen, boolean sessions) {
    float value;
    do {
      // Three decimals, as weights are written by hand, or a value at the edges of float's range.
      value = gen.chance(0.5) ? (float) (Math.round(gen.doubleBetween(-1e9, 1e9) * 1000) / 1000.0) : gen.oneOf(SPECIAL_VALUES);
      // The writer prints -0.0 as "0"; a sign on a zero weight carries no meaning.
    } while (Float.floatToIntBits(value) == Float.floatToIntBits(-0f));
    return new Interaction(text(gen, 1), text(gen, 1), gen.oneOf(InteractionType.class), value, gen.longBetween(MIN_MILLIS, MAX_MILLIS),
        sessions ? text(gen, 0) : "");
  }

  private static Item item(Gen gen) {
    int year = gen.chance(0.5) ? Item.UNKNOWN_YEAR : gen.intBetween(1, 3000);
    return new Item(text(gen, 1), text(gen, 0), gen.list(0, 3, () -> text(gen, 0)), year,
        gen.map(0, 3, () -> text(gen, 1), () -> text(gen, 0)));
  }

  private static User user(Gen gen) {
    return new User(text(gen, 1), gen.map(0, 3, () -> text(gen, 1), () -> text(gen, 0)));
  }
}
