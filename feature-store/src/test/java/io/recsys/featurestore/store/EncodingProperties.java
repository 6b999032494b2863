package io.recsys.featurestore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.InteractionType;
import io.recsys.testsupport.Gen;
import io.recsys.testsupport.SeedSource;
import io.recsys.testsupport.Seeds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The binary codecs round-trip generated values exactly; each seeded invocation is one case. */
class EncodingProperties {
  /** NaNs with different payloads, signed zeros, the smallest and largest, the infinities. */
  private static final List<Float> SPECIAL_FLOATS = List.of(Float.NaN, Float.intBitsToFloat(0x7fc00001), -0f, 0f,
      Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
  /** Collections without a bound of their own get up to this many elements. */
  private static final int MAX_ELEMENTS = 255;

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void floatVectorsRoundTripBitForBit(long seed) {
    float[] v = anyFloats(new Gen(seed));
    Seeds.check(seed, Arrays.toString(v), () -> {
      float[] back = FloatVectorCodec.decode(FloatVectorCodec.encode(v));
      assertThat(back).hasSameSizeAs(v);
      for (int i = 0; i < v.length; i++) assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
    });
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void floatVectorsAreFourLittleEndianBytesPerComponent(long seed) {
    float[] v = anyFloats(new Gen(seed));
    Seeds.check(seed, Arrays.toString(v), () -> {
      byte[] b = FloatVectorCodec.encode(v);
      assertThat(b).hasSize(4 * v.length);
      ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : v) assertThat(le.getInt()).isEqualTo(Float.floatToRawIntBits(f));
    });
  }

  /** Every n of 0..64, not a sample: there are only 65, and all of them is stronger than any number of draws. */
  static IntStream zeroToSixtyFour() {
    return IntStream.rangeClosed(0, 64);
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("zeroToSixtyFour")
  void byteStringsWhoseLengthIsNotAMultipleOfFourAreRejected(int n) {
    byte[] b = new byte[n * 4 + 1 + n % 3];
    assertThatThrownBy(() -> FloatVectorCodec.decode(b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(b.length));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void stringListsRoundTrip(long seed) {
    Gen gen = new Gen(seed);
    List<String> strings = gen.list(0, MAX_ELEMENTS, () -> gen.string(0, 40));
    Seeds.check(seed, strings, () -> assertThat(StringsCodec.decodeList(StringsCodec.encodeList(strings))).isEqualTo(strings));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void stringMapsRoundTrip(long seed) {
    Gen gen = new Gen(seed);
    Map<String, String> map = gen.map(0, MAX_ELEMENTS, () -> gen.string(0, 20), () -> gen.string(0, 40));
    Seeds.check(seed, map, () -> assertThat(StringsCodec.decodeMap(StringsCodec.encodeMap(map))).isEqualTo(map));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void truncatedStringRecordsAreRejectedNotMisread(long seed) {
    Gen gen = new Gen(seed);
    List<String> strings = gen.list(0, MAX_ELEMENTS, () -> gen.string(1, 10));
    int cut = gen.intBetween(1, Integer.MAX_VALUE);
    byte[] full = StringsCodec.encodeList(strings);
    byte[] truncated = Arrays.copyOf(full, Math.max(0, full.length - 1 - cut % full.length));
    Seeds.check(seed, strings + " cut=" + cut, () ->
        assertThatThrownBy(() -> StringsCodec.decodeList(truncated)).isInstanceOf(IllegalArgumentException.class));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void historyEntriesRoundTrip(long seed) {
    Gen gen = new Gen(seed);
    HistoryEntry e = new HistoryEntry(gen.string(1, 40), gen.oneOf(InteractionType.class), gen.anyLong());
    Seeds.check(seed, e, () -> assertThat(HistoryEntryCodec.decode(HistoryEntryCodec.encode(e))).isEqualTo(e));
  }

  @ParameterizedTest(name = "seed={0}")
  @SeedSource(tries = 1000)
  void counterStatesRoundTrip(long seed) {
    Gen gen = new Gen(seed);
    long n = gen.longBetween(0, 1L << 52);
    CounterState s = new CounterState(count(gen), count(gen), count(gen), count(gen), count(gen),
        gen.longBetween(0, 1L << 52), n, n / 2, n / 3, n / 4, n / 5);
    Seeds.check(seed, s, () -> assertThat(CounterStateCodec.decode(CounterStateCodec.encode(s))).isEqualTo(s));
  }

  @Test
  void oneIsEncodedAsTheIeeeLittleEndianBytes() {
    assertThat(FloatVectorCodec.encode(new float[] {1f})).containsExactly(0x00, 0x00, 0x80, 0x3f);
  }

  /** Up to 300 components, one in six a special value, the rest any bit pattern (NaNs with any payload too). */
  private static float[] anyFloats(Gen gen) {
    float[] v = new float[gen.size(0, 300)];
    for (int i = 0; i < v.length; i++) v[i] = gen.random().nextInt(6) == 0 ? gen.oneOf(SPECIAL_FLOATS) : Float.intBitsToFloat(gen.anyInt());
    return v;
  }

  /** A decayed count: half the time with two decimals (as sums of weights are), else any double in range. */
  private static double count(Gen gen) {
    double d = gen.doubleBetween(0, 1e12);
    return gen.chance(0.5) ? Math.round(d * 100) / 100.0 : d;
  }
}
