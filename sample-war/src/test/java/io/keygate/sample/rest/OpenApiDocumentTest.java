package io.keygate.sample.rest;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.InProcessSample;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /openapi.json} as the sample serves it (no key): a valid OpenAPI 3.1 document (swagger-parser finds
 * nothing wrong) that documents exactly the routes of the Jakarta REST application, as Jersey's resource model
 * sees them, with the bearer scheme and the filter's answers on every operation behind the filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    @TempDir
    static Path directory;
    private InProcessSample sample;
    private Response served;
    private OpenAPI document;

    @BeforeAll
    void start() throws Exception {
        sample = InProcessSample.onH2(directory);
        served = new ApiClient(sample::uri).get("/openapi.json", null);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served.text(), null, options);
        assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
        document = result.getOpenAPI();
    }

    @AfterAll
    void stop() throws Exception {
        sample.close();
    }

    @Test
    void servedWithoutAKeyAsOpenApi31Json() {
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).startsWith("application/json");
        assertThat(served.json().get("openapi").asText()).startsWith("3.1.");
        assertThat(document.getServers()).singleElement()
                .satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
    }

    @Test
    void documentsEveryRouteOfTheApplicationAndNoOther() {
        assertThat(documentedRoutes()).isEqualTo(jerseyRoutes()).isNotEmpty();
    }

    @Test
    void everySecuredOperationHasTheBearerSchemeAndTheFiltersAnswers() {
        SecurityScheme bearer = document.getComponents().getSecuritySchemes().get(OpenApiDocument.BEARER);
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(operations()).isNotEmpty().allSatisfy(operation -> {
            assertThat(operation.getSecurity()).as(operation.getOperationId())
                    .anySatisfy(requirement -> assertThat(requirement).containsKey(OpenApiDocument.BEARER));
            assertThat(operation.getResponses()).as(operation.getOperationId())
                    .containsKeys("401", "403", "429", "503");
            assertThat(operation.getResponses().get("403").getDescription()).isNotBlank();
            assertThat(operation.getResponses().get("429").getContent().get("application/json").getSchema()
                    .getProperties()).containsKeys("error", "detail");
        });
    }

    @Test
    void requestAndResponseFieldsUseTheWireNames() {
        assertThat(document.getComponents().getSchemas().get("TriggerRequest").getProperties())
                .containsOnlyKeys("human_msg", "file_urls");
        assertThat(document.getComponents().getSchemas().get("TriggerRequest").getRequired())
                .containsExactly("human_msg");
        assertThat(document.getComponents().getSchemas().get("KeyView").getProperties())
                .containsKeys("organization_id", "rate_limit", "last_used_at");
    }

    private Stream<Operation> operations() {
        return document.getPaths().values().stream().flatMap(item -> item.readOperations().stream());
    }

    private Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        document.getPaths().forEach((path, item) ->
                item.readOperationsMap().keySet().forEach(method -> routes.add(method.name() + " " + path)));
        return routes;
    }

    /** Every (method, path template) of the application's resources as Jersey models them, but hidden ones. */
    private static Set<String> jerseyRoutes() {
        SampleRestApplication application = new io.keygate.sample.api.SampleApi();
        Set<String> routes = new TreeSet<>();
        Stream.concat(application.getClasses().stream(), application.getInstances().stream().map(Object::getClass))
                .filter(type -> !type.isAnnotationPresent(Hidden.class))
                .map(Resource::from)
                .filter(resource -> resource != null)
                .forEach(resource -> collect(resource, "", routes));
        return routes;
    }

    private static void collect(Resource resource, String parent, Set<String> routes) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + withoutRegex(path));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        String p = path == null ? "" : path.startsWith("/") ? path : "/" + path;
        return (parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent) + p;
    }

    /** {@code {id: [a-z]{1,64}}} → {@code {id}}, as OpenAPI writes a templated path. */
    private static String withoutRegex(String template) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inRegex = false;
        for (char c : template.toCharArray()) {
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    out.append(c);
                }
                continue;
            }
            if (c == '}') {
                depth--;
                if (depth == 0) {
                    inRegex = false;
                    out.append(c);
                }
                continue;
            }
            if (depth == 1 && c == ':') {
                inRegex = true;
            }
            if (!inRegex && depth <= 1 && c != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
