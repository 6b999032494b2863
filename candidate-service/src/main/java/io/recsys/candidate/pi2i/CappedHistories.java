package io.recsys.candidate.pi2i;

import io.recsys.evaluation.split.UserSequences;

/**
 * Each user's newest {@code maxItemsPerUser} items (the histories the i2i lists are built from), in
 * compressed rows, plus the inverse: for each item, the users whose capped history holds it
 * (ascending) and the item's position there. Built once per {@link ItemToItemIndex#build}; the
 * trainer rebuilds it to know exactly which of a user's pairs the lists counted. Immutable once built.
 */
final class CappedHistories {
  final int items;
  final int users;
  /** Capped history of user u: {@code userItems[userStart[u] .. userStart[u+1])}, oldest first. */
  final int[] userStart;
  final int[] userItems;
  /** Position in the full sequence where the capped history of u begins. */
  final int[] capOffset;
  /** Users holding item i: {@code itemUsers[itemStart[i] .. itemStart[i+1])}, ascending user. */
  final int[] itemStart;
  final int[] itemUsers;
  /** Position of item i within that user's capped history, parallel to {@link #itemUsers}. */
  final int[] itemPositions;
  final int maxLength;

  CappedHistories(UserSequences seqs, int maxItemsPerUser) {
    items = seqs.itemCount();
    users = seqs.userCount();
    userStart = new int[users + 1];
    capOffset = new int[users];
    int longest = 0;
    for (int u = 0; u < users; u++) {
      int len = seqs.length(u);
      int kept = Math.min(len, maxItemsPerUser);
      capOffset[u] = len - kept;
      userStart[u + 1] = userStart[u] + kept;
      longest = Math.max(longest, kept);
    }
    maxLength = longest;
    userItems = new int[userStart[users]];
    itemStart = new int[items + 1];
    for (int u = 0; u < users; u++) {
      int base = userStart[u];
      for (int p = 0; p < userStart[u + 1] - base; p++) {
        int item = seqs.item(u, capOffset[u] + p);
        userItems[base + p] = item;
        itemStart[item + 1]++;
      }
    }
    for (int i = 0; i < items; i++) itemStart[i + 1] += itemStart[i];
    itemUsers = new int[userItems.length];
    itemPositions = new int[userItems.length];
    int[] fill = itemStart.clone();
    for (int u = 0; u < users; u++) {
      for (int q = userStart[u]; q < userStart[u + 1]; q++) {
        int at = fill[userItems[q]]++;
        itemUsers[at] = u;
        itemPositions[at] = q - userStart[u];
      }
    }
  }

  int length(int user) {
    return userStart[user + 1] - userStart[user];
  }

  /** Number of users whose capped history holds the item. */
  int usersOf(int item) {
    return itemStart[item + 1] - itemStart[item];
  }
}
