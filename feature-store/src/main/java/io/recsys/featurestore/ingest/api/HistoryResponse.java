package io.recsys.featurestore.ingest.api;

import java.util.List;

/**
 * A user's real-time history, newest first.
 *
 * @param userId the user
 * @param events the newest events, each with item, type (wire name) and ISO-8601 timestamp
 */
public record HistoryResponse(String userId, List<Entry> events) {
  public record Entry(String itemId, String type, String timestamp) {}
}
