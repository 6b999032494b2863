package io.recsys.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GenTest {
  private static final int DRAWS = 20_000;

  @Test
  void theSameSeedGivesTheSameValues() {
    Gen a = new Gen(7), b = new Gen(7);
    for (int i = 0; i < 100; i++) {
      assertThat(a.anyLong()).isEqualTo(b.anyLong());
      assertThat(a.string(0, 30)).isEqualTo(b.string(0, 30));
    }
    assertThat(new Gen(8).anyLong()).isNotEqualTo(new Gen(7).anyLong());
  }

  @Test
  void numbersStayInTheirRangeAndHitItsEdges() {
    Gen gen = new Gen(1);
    Set<Integer> ints = new HashSet<>();
    Set<Long> longs = new HashSet<>();
    for (int i = 0; i < DRAWS; i++) {
      int v = gen.intBetween(-3, 40);
      assertThat(v).isBetween(-3, 40);
      ints.add(v);
      longs.add(gen.anyLong());
      assertThat(gen.longBetween(5, Long.MAX_VALUE)).isGreaterThanOrEqualTo(5);
    }
    assertThat(ints).contains(-3, -2, -1, 0, 1, 39, 40);
    assertThat(longs).contains(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE);
  }

  @Test
  void aOneValueRangeGivesThatValue() {
    Gen gen = new Gen(2);
    for (int i = 0; i < 100; i++) {
      assertThat(gen.intBetween(9, 9)).isEqualTo(9);
      assertThat(gen.longBetween(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
      assertThat(gen.doubleBetween(2.5, 2.5)).isEqualTo(2.5);
    }
  }

  @Test
  void doublesStayInTheirRangeAndHitItsBoundsAndZero() {
    Gen gen = new Gen(3);
    Set<Double> seen = new HashSet<>();
    for (int i = 0; i < DRAWS; i++) {
      double v = gen.doubleBetween(-1, 1e12);
      assertThat(v).isBetween(-1.0, 1e12);
      seen.add(v);
    }
    assertThat(seen).contains(-1.0, 0.0, 1e12);
  }

  @Test
  void stringsHaveTheirLengthBoundsAndAreValidUnicodeOfEveryKind() {
    Gen gen = new Gen(4);
    Set<Integer> lengths = new HashSet<>();
    boolean ascii = false, supplementary = false, cjk = false, nul = false;
    for (int i = 0; i < DRAWS; i++) {
      String s = gen.string(1, 40);
      assertThat(s.length()).isBetween(1, 40);
      lengths.add(s.length());
      for (int j = 0; j < s.length(); j++) {
        char c = s.charAt(j);
        if (Character.isHighSurrogate(c)) {
          assertThat(j + 1 < s.length() && Character.isLowSurrogate(s.charAt(j + 1))).as("a paired surrogate in %s", s).isTrue();
          j++;
          supplementary = true;
          continue;
        }
        assertThat(Character.isLowSurrogate(c)).as("an unpaired low surrogate").isFalse();
        assertThat(c >= '\uE000' && c <= '\uF8FF').as("a private-use character").isFalse();
        assertThat(c).isNotIn('\uFFFE', '\uFFFF');
        ascii |= c < 0x80;
        nul |= c == 0;
        cjk |= c >= '\u4E00' && c <= '\u9FFF';
      }
    }
    assertThat(lengths).contains(1, 2, 40);
    assertThat(ascii && supplementary && cjk && nul).as("ascii %s, supplementary %s, cjk %s, NUL %s", ascii, supplementary, cjk, nul).isTrue();
    assertThat(new Gen(5).string(0, 0)).isEmpty();
  }

  @Test
  void alphabetStringsUseOnlyTheirAlphabet() {
    Gen gen = new Gen(6);
    for (int i = 0; i < 1000; i++) assertThat(gen.string(0, 12, "ab,\"")).matches("[ab,\"]{0,12}");
  }

  @Test
  void listsAndMapsHaveTheirSizeBoundsIncludingEmpty() {
    Gen gen = new Gen(7);
    Set<Integer> listSizes = new HashSet<>();
    Set<Integer> mapSizes = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      List<Integer> l = gen.list(0, 30, () -> gen.intBetween(0, 9));
      assertThat(l.size()).isBetween(0, 30);
      listSizes.add(l.size());
      Map<String, String> m = gen.map(0, 4, () -> gen.string(1, 3), () -> gen.string(0, 3));
      assertThat(m.size()).isBetween(0, 4);
      mapSizes.add(m.size());
    }
    assertThat(listSizes).contains(0, 1, 30);
    assertThat(mapSizes).contains(0, 1, 2, 3, 4);
  }

  @Test
  void oneOfPicksEveryValue() {
    Gen gen = new Gen(8);
    Set<TimeUnit> units = new HashSet<>();
    Set<String> strings = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      units.add(gen.oneOf(TimeUnit.class));
      strings.add(gen.oneOf("x", "y"));
      strings.add(gen.oneOf(List.of("z")));
    }
    assertThat(units).containsExactlyInAnyOrder(TimeUnit.values());
    assertThat(strings).containsExactlyInAnyOrder("x", "y", "z");
  }
}
