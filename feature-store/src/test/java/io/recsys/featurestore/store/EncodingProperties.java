package io.recsys.featurestore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.InteractionType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Positive;
import net.jqwik.api.constraints.StringLength;

class EncodingProperties {

  @Property
  void floatVectorsRoundTripBitForBit(@ForAll("anyFloats") float[] v) {
    float[] back = FloatVectorCodec.decode(FloatVectorCodec.encode(v));
    assertThat(back).hasSameSizeAs(v);
    for (int i = 0; i < v.length; i++) assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
  }

  @Property
  void floatVectorsAreFourLittleEndianBytesPerComponent(@ForAll("anyFloats") float[] v) {
    byte[] b = FloatVectorCodec.encode(v);
    assertThat(b).hasSize(4 * v.length);
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) assertThat(le.getInt()).isEqualTo(Float.floatToRawIntBits(f));
  }

  @Property
  void byteStringsWhoseLengthIsNotAMultipleOfFourAreRejected(@ForAll @IntRange(min = 0, max = 64) int n) {
    byte[] b = new byte[n * 4 + 1 + n % 3];
    assertThatThrownBy(() -> FloatVectorCodec.decode(b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(b.length));
  }

  @Property
  void stringListsRoundTrip(@ForAll List<@StringLength(max = 40) String> strings) {
    assertThat(StringsCodec.decodeList(StringsCodec.encodeList(strings))).isEqualTo(strings);
  }

  @Property
  void stringMapsRoundTrip(@ForAll Map<@StringLength(max = 20) String, @StringLength(max = 40) String> map) {
    assertThat(StringsCodec.decodeMap(StringsCodec.encodeMap(map))).isEqualTo(map);
  }

  @Property
  void truncatedStringRecordsAreRejectedNotMisread(@ForAll List<@StringLength(min = 1, max = 10) String> strings,
      @ForAll @Positive int cut) {
    byte[] full = StringsCodec.encodeList(strings);
    byte[] truncated = Arrays.copyOf(full, Math.max(0, full.length - 1 - cut % full.length));
    assertThatThrownBy(() -> StringsCodec.decodeList(truncated)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void historyEntriesRoundTrip(@ForAll @StringLength(min = 1, max = 40) String itemId,
      @ForAll InteractionType type, @ForAll long timestamp) {
    HistoryEntry e = new HistoryEntry(itemId, type, timestamp);
    assertThat(HistoryEntryCodec.decode(HistoryEntryCodec.encode(e))).isEqualTo(e);
  }

  @Property
  void counterStatesRoundTrip(@ForAll("counts") double imp, @ForAll("counts") double clk, @ForAll("counts") double pur,
      @ForAll @LongRange(min = 0, max = 1L << 52) long asOf, @ForAll @LongRange(min = 0, max = 1L << 52) long n) {
    CounterState s = new CounterState(imp, clk, pur, asOf, n, n / 2, n / 3);
    assertThat(CounterStateCodec.decode(CounterStateCodec.encode(s))).isEqualTo(s);
  }

  @Example
  void oneIsEncodedAsTheIeeeLittleEndianBytes() {
    assertThat(FloatVectorCodec.encode(new float[] {1f})).containsExactly(0x00, 0x00, 0x80, 0x3f);
  }

  @Provide
  Arbitrary<float[]> anyFloats() {
    Arbitrary<Float> special = Arbitraries.of(Float.NaN, Float.intBitsToFloat(0x7fc00001), -0f, 0f,
        Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    Arbitrary<Float> any = Arbitraries.integers().map(Float::intBitsToFloat);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, special), net.jqwik.api.Tuple.of(5, any))
        .array(float[].class).ofMaxSize(300);
  }

  @Provide
  Arbitrary<Double> counts() {
    return Arbitraries.doubles().between(0, 1e12);
  }
}
