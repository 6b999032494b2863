package io.recsys.featurestore.ingest.api;

import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreConfig;
import io.recsys.featurestore.store.HistoryEntry;
import io.recsys.featurestore.store.StreamPosition;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/users/{id}/history[?limit=N]}: the user's real-time history, newest first (an
 * unknown user has an empty one); {@code DELETE /v1/users/{id}} (admin key): erasure of every key of
 * the user, 204.
 */
@RestController
public class UsersController {
  public static final int DEFAULT_LIMIT = 50;

  private final FeatureStore store;
  private final EventStream stream;
  private final int historyCap;

  public UsersController(FeatureStore store, EventStream stream, FeatureStoreConfig config) {
    this.store = store;
    this.stream = stream;
    this.historyCap = config.historyCap();
  }

  @GetMapping({"/v1/users/{userId}/history", "/internal/users/{userId}/history"})
  public HistoryResponse history(@PathVariable("userId") String matched, @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
      HttpServletRequest request) {
    String userId = userId(request);
    if (limit < 1 || limit > historyCap) {
      throw new InvalidRequestException("limit must be between 1 and " + historyCap + ": " + limit,
          List.of(InvalidField.of("limit", "must be between 1 and " + historyCap)));
    }
    List<HistoryEntry> entries = store.history(userId, limit);
    List<HistoryResponse.Entry> out = new ArrayList<>(entries.size());
    for (HistoryEntry e : entries) {
      out.add(new HistoryResponse.Entry(e.itemId(), e.type().wireName(), Instant.ofEpochMilli(e.timestampMillis()).toString()));
    }
    return new HistoryResponse(userId, out);
  }

  /**
   * Erasure, in this order: the stream position up to which events were accepted; the user's keys,
   * with a fence that keeps every event accepted up to there off the user (workers may still hold some
   * in memory, pending or to be redelivered); then the user's entries of the event and dead-letter
   * streams. Answered 204 only when all three are done; a failure (503) may be retried as a whole.
   */
  @DeleteMapping({"/v1/users/{userId}", "/internal/users/{userId}"})
  public ResponseEntity<Void> delete(@PathVariable("userId") String matched, HttpServletRequest request) {
    String userId = userId(request);
    StreamPosition acceptedUpTo = stream.lastAccepted();
    store.eraseUser(userId, acceptedUpTo);
    stream.eraseUser(userId);
    return ResponseEntity.noContent().build();
  }

  /**
   * The user id of {@code /v1/users/{id}…}, taken whole from the raw request path. Spring's
   * {@code @PathVariable} drops a {@code ;…} suffix as a matrix parameter, so {@code DELETE
   * /v1/users/victim;x} used to erase {@code victim} although {@code victim;x} is a valid user id; here
   * the segment is decoded as it is (a path id is taken whole or refused, never another user's).
   */
  static String userId(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String prefix = path.startsWith(USERS) ? USERS : path.startsWith(INTERNAL_USERS) ? INTERNAL_USERS : null;
    if (prefix == null) throw new IllegalStateException("not a user path: " + path);
    int start = prefix.length();
    int end = path.indexOf('/', start);
    String raw = path.substring(start, end < 0 ? path.length() : end);
    String id;
    try {
      id = IdRules.decodePathSegment(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("the user id in the path is not valid: " + e.getMessage(),
          List.of(InvalidField.of("userId", e.getMessage())));
    }
    String problem = id.isBlank() ? "blank" : IdRules.problem(id);
    if (problem != null) {
      throw new InvalidRequestException("the user id in the path is not valid: " + problem, List.of(InvalidField.of("userId", problem)));
    }
    return id;
  }

  private static final String USERS = "/v1/users/";
  /** The same endpoints for the gateway, which has checked the caller's key and calls with the internal key. */
  private static final String INTERNAL_USERS = "/internal/users/";
}
