package io.recsys.featurestore.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values of one generic feature group for one entity: feature name to bytes. Floats and float
 * vectors are stored as little-endian float32 ({@link FloatVectorCodec}). Immutable; the byte arrays
 * are copied in and out.
 */
public final class FeatureValues {
  public static final FeatureValues EMPTY = new FeatureValues(Map.of());

  private final Map<String, byte[]> values;

  private FeatureValues(Map<String, byte[]> values) {
    this.values = values;
  }

  /** Wraps raw stored values (copied). */
  public static FeatureValues of(Map<String, byte[]> raw) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    raw.forEach((k, v) -> copy.put(k, v.clone()));
    return copy.isEmpty() ? EMPTY : new FeatureValues(copy);
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Set<String> names() {
    return values.keySet();
  }

  /** The raw bytes of {@code name}, or null when absent. */
  public byte[] bytes(String name) {
    byte[] b = values.get(name);
    return b == null ? null : b.clone();
  }

  /** The float stored under {@code name}, or {@code missing} when absent. */
  public float floatValue(String name, float missing) {
    byte[] b = values.get(name);
    if (b == null) return missing;
    if (b.length != Float.BYTES) {
      throw new IllegalStateException("feature '" + name + "' holds " + b.length + " bytes, not one float32");
    }
    return FloatVectorCodec.decode(b)[0];
  }

  /** The float vector stored under {@code name}, or null when absent. */
  public float[] floats(String name) {
    byte[] b = values.get(name);
    return b == null ? null : FloatVectorCodec.decode(b);
  }

  /** A copy of all values (for writing). */
  public Map<String, byte[]> toMap() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FeatureValues other) || other.values.size() != values.size()) return false;
    for (Map.Entry<String, byte[]> e : values.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, byte[]> e : values.entrySet()) h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    return h;
  }

  @Override
  public String toString() {
    return "FeatureValues" + values.keySet();
  }

  /** Builds a {@link FeatureValues}; not thread-safe. */
  public static final class Builder {
    private final Map<String, byte[]> values = new LinkedHashMap<>();

    public Builder putBytes(String name, byte[] value) {
      if (name == null || name.isEmpty()) throw new IllegalArgumentException("feature name is empty");
      values.put(name, value.clone());
      return this;
    }

    public Builder putFloat(String name, float value) {
      return putBytes(name, FloatVectorCodec.encode(new float[] {value}));
    }

    public Builder putFloats(String name, float[] vector) {
      return putBytes(name, FloatVectorCodec.encode(vector));
    }

    public FeatureValues build() {
      return values.isEmpty() ? EMPTY : new FeatureValues(new LinkedHashMap<>(values));
    }
  }
}
