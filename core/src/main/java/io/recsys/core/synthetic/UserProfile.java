package io.recsys.core.synthetic;

import java.util.List;

/**
 * A synthetic user's hidden truth.
 *
 * @param index the user's number, 0..users-1
 * @param userId the id in the dataset ({@code "u" + index})
 * @param interests 1..K distinct topics with mixture weights summing to 1, in draw order
 * @param activity the log-normal activity level that set the user's share of the event budget
 */
public record UserProfile(int index, String userId, List<Interest> interests, double activity) {
  public UserProfile {
    interests = List.copyOf(interests);
    if (interests.isEmpty()) throw new IllegalArgumentException("user " + userId + " has no interests");
  }

  /** True when {@code topic} is one of the user's interests. */
  public boolean isInterestedIn(int topic) {
    for (int i = 0; i < interests.size(); i++) {
      if (interests.get(i).topic() == topic) return true;
    }
    return false;
  }
}
