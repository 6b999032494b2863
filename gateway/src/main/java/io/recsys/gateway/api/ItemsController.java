package io.recsys.gateway.api;

import io.recsys.featurestore.store.FeatureStore;
import io.recsys.featurestore.store.FeatureStoreException;
import io.recsys.featurestore.store.ItemCounters;
import io.recsys.featurestore.store.ItemFeatures;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import io.recsys.starter.problem.Problems;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/items/{id}}: what the feature store holds about an item: metadata and live counters
 * (decayed and raw impressions, clicks, purchases, and the decayed CTR). 404 problem for an unknown id.
 */
@RestController
public class ItemsController {
  private final FeatureStore store;

  public ItemsController(FeatureStore store) {
    this.store = store;
  }

  /** The answer; {@code counters} are the feature store's, as of now. */
  public record ItemResponse(String itemId, String title, List<String> categories, Integer year, Map<String, String> attributes,
      Counters counters) {}

  /** One decayed value and one count per level of the engagement ladder, and the decayed click-through rate. */
  public record Counters(double impressions, double clicks, double favourites, double carts, double purchases, double ctr,
      long impressionCount, long clickCount, long favouriteCount, long cartCount, long purchaseCount) {}

  @GetMapping("/v1/items/{itemId}")
  public ResponseEntity<?> item(@PathVariable("itemId") String itemId) {
    if (itemId.isBlank() || itemId.length() > RecommendationRequestParser.MAX_ID_LENGTH) {
      throw new InvalidRequestException("the item id in the path is not valid", List.of(InvalidField.of("itemId",
          itemId.isBlank() ? "must not be blank" : "longer than " + RecommendationRequestParser.MAX_ID_LENGTH + " characters")));
    }
    ItemFeatures f;
    try {
      f = store.item(itemId);
    } catch (FeatureStoreException e) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
          .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Feature store unavailable",
              "item metadata could not be read; retry later"));
    }
    if (!f.present()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.problem(HttpStatus.NOT_FOUND, "item-not-found", "Item not found",
          "no item with this id is known: " + itemId));
    }
    ItemCounters c = f.counters();
    return ResponseEntity.ok(new ItemResponse(f.itemId(), f.title(), f.categories(), f.year() == 0 ? null : f.year(), f.attributes(),
        new Counters(c.impressions(), c.clicks(), c.favourites(), c.carts(), c.purchases(), c.ctr(), c.impressionCount(),
            c.clickCount(), c.favouriteCount(), c.cartCount(), c.purchaseCount())));
  }
}
