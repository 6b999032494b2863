package io.recsys.candidate.embed;

import java.util.Objects;

/**
 * What {@link ImplicitAls#fit} learned.
 *
 * @param items item factors; row i is item index i of the training sequences
 * @param userFactors row-major {@code userCount x items.dim()}; row u is user index u of the
 *     sequences, a zero vector for users with no items. Each row is exactly what {@link UserFoldIn}
 *     computes from that user's training items and the final item factors (the fit ends with a user
 *     solve), so offline and online user vectors agree.
 * @param userCount number of user rows
 * @param config the settings it was trained with
 */
public record AlsModel(ItemVectors items, float[] userFactors, int userCount, AlsConfig config) {
  public AlsModel {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(userFactors, "userFactors");
    Objects.requireNonNull(config, "config");
    if ((long) userCount * items.dim() != userFactors.length) {
      throw new IllegalArgumentException("userFactors holds " + userFactors.length + " floats, " + userCount
          + " users x " + items.dim() + " dims need " + (long) userCount * items.dim());
    }
  }

  /** User {@code u}'s vector (a copy). */
  public float[] userVector(int u) {
    int d = items.dim();
    float[] out = new float[d];
    System.arraycopy(userFactors, u * d, out, 0, d);
    return out;
  }
}
