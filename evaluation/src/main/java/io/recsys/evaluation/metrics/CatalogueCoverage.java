package io.recsys.evaluation.metrics;

/**
 * Catalogue coverage: the share of catalogue items that appear in at least one user's top-K list.
 * Accumulates list by list. Not thread-safe.
 */
public final class CatalogueCoverage {
  private final boolean[] shown;
  private int distinct;

  public CatalogueCoverage(int catalogueSize) {
    if (catalogueSize <= 0) throw new IllegalArgumentException("catalogueSize must be positive, was " + catalogueSize);
    shown = new boolean[catalogueSize];
  }

  public void add(int[] list, int length) {
    for (int r = 0; r < length; r++) {
      if (!shown[list[r]]) {
        shown[list[r]] = true;
        distinct++;
      }
    }
  }

  public int distinctItems() {
    return distinct;
  }

  public double value() {
    return (double) distinct / shown.length;
  }
}
