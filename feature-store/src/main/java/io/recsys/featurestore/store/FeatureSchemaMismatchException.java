package io.recsys.featurestore.store;

/**
 * Thrown at start-up when the schema record in the store differs from the schema this build expects.
 * Opening anyway would let a model read features it was not trained on, which gives wrong scores
 * rather than errors.
 */
public final class FeatureSchemaMismatchException extends RuntimeException {
  private final FeatureSchema expected;
  private final FeatureSchema found;

  public FeatureSchemaMismatchException(String where, FeatureSchema expected, FeatureSchema found) {
    super("feature schema mismatch at " + where + ": this build expects schema " + expected.describe()
        + " but the store holds schema " + found.describe()
        + "; migrate the data, or point the service at another namespace or Redis");
    this.expected = expected;
    this.found = found;
  }

  public FeatureSchema expected() {
    return expected;
  }

  public FeatureSchema found() {
    return found;
  }
}
