package io.recsys.ranking.serve;

import io.recsys.ranking.api.RankResponse;
import java.util.List;

/**
 * A ranked list: items best first, the candidate ids the model does not know (dropped), and the model
 * version that scored them.
 */
public record Ranked(List<RankResponse.Item> items, List<String> unknownItemIds, String modelVersion) {
  public Ranked {
    items = List.copyOf(items);
    unknownItemIds = List.copyOf(unknownItemIds);
  }
}
