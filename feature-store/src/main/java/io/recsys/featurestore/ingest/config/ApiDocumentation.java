package io.recsys.featurestore.ingest.config;

import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.featurestore.ingest.api.EventBatchParser;
import io.recsys.starter.openapi.ApiKeyDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The feature store's API in its OpenAPI document ({@code /v3/api-docs}) as it answers: springdoc
 * reads the controllers' signatures, which say 200 where the service answers 202 and 204, and nothing
 * of the event batch (the controller reads the raw body). The statuses each operation lists are the
 * ones it answers (checked by {@code HttpContractTest}); the key schemes and the starter's own answers
 * (400 for two keys, 401, 403, 415) come from the starter's {@link ApiKeyDocumentation}. Kept here
 * rather than in annotations on the controllers: the controllers stay code, and the whole contract of
 * the API reads in one place.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {
  static final String EVENTS = "/v1/events";
  static final String HISTORY = "/v1/users/{userId}/history";
  static final String USER = "/v1/users/{userId}";
  static final String EVENT_SCHEMA = "Event";

  @Bean
  OpenApiCustomizer featureStoreApiDocumentation(IngestProperties ingest, EventTypeRegistry types) {
    return openApi -> {
      if (openApi.getComponents() == null) openApi.setComponents(new io.swagger.v3.oas.models.Components());
      openApi.getComponents().addSchemas(EVENT_SCHEMA, eventSchema(types));
      operation(openApi, EVENTS, PathItem.HttpMethod.POST).ifPresent(post -> {
        post.setSummary("Ingest a batch of interaction events");
        post.setRequestBody(new RequestBody().required(true)
            .description("1 to " + ingest.maxEvents() + " events, at most " + ingest.maxBodyBytes() + " bytes; the batch is accepted or refused whole")
            .content(new Content().addMediaType("application/json", new MediaType().schema(new ArraySchema()
                .items(new Schema<>().$ref("#/components/schemas/" + EVENT_SCHEMA)).minItems(1).maxItems(ingest.maxEvents())))));
        ApiResponses r = responses(post);
        r.remove("200");
        r.addApiResponse("202", new ApiResponse().description("Accepted: every event of the batch is in the event stream")
            .content(new Content().addMediaType("application/json", new MediaType().schema(new ObjectSchema()
                .addProperty("accepted", new IntegerSchema().description("the number of events accepted"))))));
        r.addApiResponse("400", ApiKeyDocumentation.problem("Invalid batch, refused whole: `errors` names each invalid event by index and field "
            + "(or the body: malformed JSON, not an array, empty, too many events, too large); or two X-API-Key headers"));
        r.addApiResponse("409", ApiKeyDocumentation.problem("An event id already used for another event within the de-duplication window: "
            + "refused whole, `errors` names each such event"));
        r.addApiResponse("415", ApiKeyDocumentation.problem("The body is not JSON (application/json or application/*+json, UTF-8)"));
        r.addApiResponse("503", unavailable("Redis unreachable or the event stream full: nothing was stored; retry with the same event ids"));
      });
      operation(openApi, HISTORY, PathItem.HttpMethod.GET).ifPresent(get -> {
        get.setSummary("A user's real-time history, newest first");
        ApiResponses r = responses(get);
        r.addApiResponse("400", ApiKeyDocumentation.problem("`limit` is not a number between 1 and the history cap; or two X-API-Key headers"));
        r.addApiResponse("503", unavailable("Redis unreachable"));
      });
      operation(openApi, USER, PathItem.HttpMethod.DELETE).ifPresent(delete -> {
        delete.setSummary("Erase every trace of a user (admin key)");
        ApiResponses r = responses(delete);
        r.remove("200");
        r.addApiResponse("204", new ApiResponse().description("Erased: every key of the user, and the user's entries of the event streams"));
        r.addApiResponse("503", unavailable("Redis unreachable: erasure not complete; retry it whole"));
      });
    };
  }

  private static java.util.Optional<Operation> operation(OpenAPI openApi, String path, PathItem.HttpMethod method) {
    if (openApi.getPaths() == null || openApi.getPaths().get(path) == null) return java.util.Optional.empty();
    return java.util.Optional.ofNullable(openApi.getPaths().get(path).readOperationsMap().get(method));
  }

  private static ApiResponses responses(Operation operation) {
    if (operation.getResponses() == null) operation.setResponses(new ApiResponses());
    return operation.getResponses();
  }

  private static ApiResponse unavailable(String description) {
    return ApiKeyDocumentation.problem("Service unavailable: " + description)
        .addHeaderObject("Retry-After", new Header().description("seconds to wait before retrying").schema(new IntegerSchema()));
  }

  private static Schema<?> eventSchema(EventTypeRegistry types) {
    ObjectSchema event = new ObjectSchema();
    event.description("One interaction. `eventId` is the idempotency key: the same id again within the de-duplication window is "
        + "counted once, and refused (409) if its content differs.");
    for (String id : List.of("eventId", "userId", "itemId")) {
      event.addProperty(id, new StringSchema().minLength(1).maxLength(EventBatchParser.MAX_ID_LENGTH).description("not blank, no control characters"));
    }
    // The names this deployment accepts (RECSYS_TYPES_FILE layered over the platform's), matched ignoring case.
    event.addProperty("type", new StringSchema()._enum(types.aliases().stream().map(EventTypeRegistry.Alias::name).toList())
        .description("a name of the event-type registry (case-insensitive); each stands for a level of the ladder "
            + "impression < click < favourite < cart < purchase, or rating"));
    event.addProperty("value", new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(EventBatchParser.MAX_VALUE))
        ._default(BigDecimal.ONE).description("default 1; a rating lies in [0, " + (int) EventBatchParser.MAX_RATING + "]"));
    event.addProperty("timestamp", new StringSchema().format("date-time").description("ISO-8601 instant, at most the clock skew ahead"));
    event.addProperty("requestId", new StringSchema().description("optional: the recommendation request the event answers"));
    event.addProperty("propensity", new NumberSchema().exclusiveMinimumValue(BigDecimal.ZERO).maximum(BigDecimal.ONE)
        .description("optional, on any type (mostly impressions): the probability with which the re-ranker showed the item at "
            + "that slot, as its response said; kept with the event for inverse-propensity weighting"));
    event.setRequired(List.of("eventId", "userId", "itemId", "type", "timestamp"));
    event.setAdditionalProperties(false);
    return event;
  }
}
