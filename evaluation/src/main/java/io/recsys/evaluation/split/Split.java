package io.recsys.evaluation.split;

import java.util.Objects;

/**
 * A train/test split of users' item sequences.
 *
 * @param protocol how it was made, e.g. "leave-last-out (min 5 interactions)"
 * @param train each user's training sequence (empty for users dropped by the filter)
 * @param test each user's held-out items by user index; an empty array for users not under test
 */
public record Split(String protocol, UserSequences train, int[][] test) {
  private static final int[] NONE = new int[0];

  public Split {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(train, "train");
    if (test.length != train.userCount()) {
      throw new IllegalArgumentException("test has " + test.length + " users, train " + train.userCount());
    }
    for (int u = 0; u < test.length; u++) if (test[u] == null) test[u] = NONE;
  }

  /** Users with at least one held-out item, ascending. */
  public int[] testUsers() {
    int n = 0;
    for (int[] t : test) if (t.length > 0) n++;
    int[] users = new int[n];
    int i = 0;
    for (int u = 0; u < test.length; u++) if (test[u].length > 0) users[i++] = u;
    return users;
  }

  public int[] testItems(int user) {
    return test[user];
  }
}
