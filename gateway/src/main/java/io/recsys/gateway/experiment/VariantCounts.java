package io.recsys.gateway.experiment;

/**
 * Totals of one variant of one experiment. Immutable.
 *
 * @param requests recommendation responses served under the variant
 * @param shown items returned in those responses
 * @param impressions items reported as actually displayed (feedback)
 * @param clicks items reported as clicked (feedback)
 */
public record VariantCounts(long requests, long shown, long impressions, long clicks) {
  public static final VariantCounts ZERO = new VariantCounts(0, 0, 0, 0);

  public VariantCounts {
    if (requests < 0) throw new IllegalArgumentException("requests must be >= 0: " + requests);
    if (shown < 0) throw new IllegalArgumentException("shown must be >= 0: " + shown);
    if (impressions < 0) throw new IllegalArgumentException("impressions must be >= 0: " + impressions);
    if (clicks < 0) throw new IllegalArgumentException("clicks must be >= 0: " + clicks);
  }
}
