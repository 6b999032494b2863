package io.recsys.featurestore.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.dataset.InteractionType;
import io.recsys.featurestore.store.StreamPosition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The stream entry is the durable log: what it keeps is all the workers ever see, and entries written by
 * an earlier version must still decode (and entries without a propensity must still be readable by one).
 */
class StreamEntryCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  /**
   * {@link #IMPRESSION} as format 1 encoded it before propensities existed (2026-11-25T10:00:00Z, value 1,
   * type ordinal 0, ids "ev-1", "user-ü", "item-42", request "req-7").
   */
  private static final String FORMAT_1_ENTRY = "0100ad74ba9a010000000000000000f03f000400000065762d3107000000757365722dc3bc"
      + "070000006974656d2d3432050000007265712d37";
  private static final IngestEvent IMPRESSION =
      new IngestEvent("ev-1", "user-ü", "item-42", InteractionType.IMPRESSION, 1, 1_764_064_800_000L, "req-7");

  private static IngestEvent withPropensity(IngestEvent e, Double p) {
    return new IngestEvent(e.eventId(), e.userId(), e.itemId(), e.type(), e.value(), e.timestampMillis(), e.requestId(), p);
  }

  @Test
  void anEntryWrittenBeforePropensitiesExistedStillDecodes() {
    IngestEvent decoded = StreamEntryCodec.decode(HEX.parseHex(FORMAT_1_ENTRY));
    assertThat(decoded).isEqualTo(IMPRESSION);
    assertThat(decoded.propensity()).isNull();
    assertThat(decoded.toFeatureEvent(StreamPosition.parse("1-0")).propensity()).isNull();
  }

  @Test
  void anEventWithoutAPropensityIsWrittenExactlyAsBeforeSoEarlierWorkersReadIt() {
    assertThat(HEX.formatHex(StreamEntryCodec.encode(IMPRESSION))).isEqualTo(FORMAT_1_ENTRY);
  }

  @Test
  void roundTripsWithAndWithoutPropensity() {
    for (Double p : new Double[] {null, 1.0, 0.5, 0.123456789012345, 1e-300, Double.MIN_NORMAL}) {
      for (String req : new String[] {null, "r"}) {
        IngestEvent e = new IngestEvent("e", "u", "i", InteractionType.CLICK, 2.5, 42, req, p);
        IngestEvent back = StreamEntryCodec.decode(StreamEntryCodec.encode(e));
        assertThat(back).as("propensity %s, request %s", p, req).isEqualTo(e);
        assertThat(back.propensity()).isEqualTo(p);
        assertThat(back.toFeatureEvent(StreamPosition.parse("5-1")).propensity()).isEqualTo(p);
      }
    }
  }

  @Test
  void anEntryWithAPropensityIsFormat2WithTheDoubleAfterTheValue() {
    byte[] b = StreamEntryCodec.encode(withPropensity(IMPRESSION, 0.25));
    assertThat(b[0]).isEqualTo((byte) 2);
    assertThat(b).hasSize(HEX.parseHex(FORMAT_1_ENTRY).length + 8);
    assertThat(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getDouble(17)).isEqualTo(0.25);
  }

  @Test
  void aFormat2EntryWithAnImpossiblePropensityIsRefusedAsUndecodable() {
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE}) {
      byte[] b = StreamEntryCodec.encode(withPropensity(IMPRESSION, 0.25));
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putDouble(17, bad);
      assertThatThrownBy(() -> StreamEntryCodec.decode(b)).as("%s", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("propensity");
    }
  }

  @Test
  void aTruncatedEntryOrAnUnknownFormatIsRefused() {
    byte[] two = StreamEntryCodec.encode(withPropensity(IMPRESSION, 0.25));
    assertThatThrownBy(() -> StreamEntryCodec.decode(Arrays.copyOf(two, two.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    two[0] = 3;
    assertThatThrownBy(() -> StreamEntryCodec.decode(two)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown stream entry format 3");
  }

  @Test
  void theFingerprintOfAnEventWithoutAPropensityIsUnchangedAndAPropensityChangesIt() {
    // As EventFingerprint computed it before propensities existed: a retry across the upgrade is a duplicate.
    assertThat(HEX.formatHex(EventFingerprint.of(IMPRESSION))).isEqualTo("3d25ece142a875fe");
    byte[] half = EventFingerprint.of(withPropensity(IMPRESSION, 0.5));
    assertThat(half).isNotEqualTo(EventFingerprint.of(IMPRESSION)).isNotEqualTo(EventFingerprint.of(withPropensity(IMPRESSION, 0.25)))
        .isEqualTo(EventFingerprint.of(withPropensity(IMPRESSION, 0.5)));
    // ... and the request id still is not part of it.
    assertThat(EventFingerprint.of(new IngestEvent("ev-1", "user-ü", "item-42", InteractionType.IMPRESSION, 1, 1_764_064_800_000L,
        "another-request", 0.5))).isEqualTo(half);
  }
}
