package io.recsys.starter.openapi;

import io.recsys.starter.security.ApiKeyInterceptor;
import io.recsys.starter.security.SecurityProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What the starter does to every request, in the OpenAPI document ({@code /v3/api-docs}): the
 * {@code X-API-Key} security schemes ({@value #API_KEY}, {@value #ADMIN_KEY}, {@value #INTERNAL_KEY})
 * on the public and internal paths (public: the API or admin key, {@code DELETE} the admin key only;
 * internal: the internal key), the answers of the key check (400 for two keys, 401, 403) and of the
 * JSON-body rule (415, on operations with a request body), all as {@code application/problem+json}
 * ({@value #PROBLEM} schema), and a {@code default} problem for the rest (404, 405, 408, ...). It adds
 * what an operation does not say itself and never changes what it does say, so a service's own
 * customizer may document the same statuses in its words, in any order.
 */
public final class ApiKeyDocumentation implements OpenApiCustomizer {
  public static final String API_KEY = "apiKey";
  public static final String ADMIN_KEY = "adminKey";
  public static final String INTERNAL_KEY = "internalKey";
  public static final String PROBLEM = "Problem";
  public static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

  private final List<PathPattern> publicPaths;
  private final List<PathPattern> internalPaths;

  public ApiKeyDocumentation(SecurityProperties security) {
    PathPatternParser parser = PathPatternParser.defaultInstance;
    this.publicPaths = security.publicPaths().stream().map(parser::parse).toList();
    this.internalPaths = security.internalPaths().stream().map(parser::parse).toList();
  }

  @Override
  public void customise(OpenAPI openApi) {
    Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
    openApi.setComponents(components);
    components.addSecuritySchemes(API_KEY, scheme("RECSYS_API_KEY: reads and posts on the public paths (/v1/**)"));
    components.addSecuritySchemes(ADMIN_KEY, scheme("RECSYS_ADMIN_KEY: everything the API key opens, and DELETE (erasure)"));
    components.addSecuritySchemes(INTERNAL_KEY, scheme("RECSYS_INTERNAL_KEY: the internal paths (/internal/**), between services only"));
    components.addSchemas(PROBLEM, problemSchema());
    if (openApi.getPaths() == null) return;
    for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
      // Templates such as /v1/users/{userId} match the key patterns as plain text: {userId} is one segment.
      PathContainer template = PathContainer.parsePath(path.getKey());
      boolean internal = internalPaths.stream().anyMatch(p -> p.matches(template));
      boolean isPublic = !internal && publicPaths.stream().anyMatch(p -> p.matches(template));
      for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
        Operation operation = op.getValue();
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        if (internal || isPublic) {
          if (internal) operation.setSecurity(List.of(new SecurityRequirement().addList(INTERNAL_KEY)));
          else if (op.getKey() == PathItem.HttpMethod.DELETE) operation.setSecurity(List.of(new SecurityRequirement().addList(ADMIN_KEY)));
          else operation.setSecurity(List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(ADMIN_KEY)));
          add(responses, "400", "Bad request: the request is invalid (problem `errors` name each field), or it carries more than one X-API-Key header");
          add(responses, "401", "Unauthorized: no X-API-Key, or a key that is none of the service's");
          add(responses, "403", internal ? "Forbidden: a public key, or no internal key configured"
              : op.getKey() == PathItem.HttpMethod.DELETE ? "Forbidden: a key other than the admin key, or no admin key configured"
                  : "Forbidden: the internal key, which opens no public path");
          if (operation.getRequestBody() != null) add(responses, "415", "Unsupported media type: the body is not JSON (application/json or application/*+json, UTF-8)");
        }
        add(responses, "default", "Any other error, as application/problem+json (404, 405, 406, 408, 413, 500, ...)");
      }
    }
  }

  private static void add(ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) responses.addApiResponse(status, problem(description));
  }

  /** A response whose body is a problem ({@value #PROBLEM_MEDIA_TYPE}, the {@value #PROBLEM} schema). */
  public static ApiResponse problem(String description) {
    return new ApiResponse().description(description)
        .content(new Content().addMediaType(PROBLEM_MEDIA_TYPE, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
  }

  private static SecurityScheme scheme(String description) {
    return new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyInterceptor.HEADER)
        .description(description + ". Send exactly one X-API-Key header.");
  }

  private static Schema<?> problemSchema() {
    ObjectSchema error = new ObjectSchema();
    error.addProperty("index", new IntegerSchema().description("the element of a batch, when the error is about one"));
    error.addProperty("field", new StringSchema());
    error.addProperty("message", new StringSchema());
    ObjectSchema problem = new ObjectSchema();
    problem.description("RFC 9457 problem details");
    problem.addProperty("type", new StringSchema().description("urn:recsys:problem:<kind>, or about:blank"));
    problem.addProperty("title", new StringSchema());
    problem.addProperty("status", new IntegerSchema());
    problem.addProperty("detail", new StringSchema());
    problem.addProperty("instance", new StringSchema().description("the request path"));
    problem.addProperty("errors", new ArraySchema().items(error));
    return problem;
  }
}
