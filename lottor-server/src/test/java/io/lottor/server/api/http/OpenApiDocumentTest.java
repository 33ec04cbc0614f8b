package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.ApiClient.Response;
import io.lottor.server.security.Tokens;
import io.lottor.server.support.TestServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document: served, valid JSON of OpenAPI 3.0, and in step with the routes and their access. */
class OpenApiDocumentTest {
    private static final List<String> OPS_ROUTES = List.of("GET /api/v1/stats", "GET /api/v1/sessions",
            "GET /api/v1/nodes", "GET /api/v1/whoami", "GET /metrics");

    @TempDir
    Path dataDir;

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/api/openapi.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /**
     * The API routes an HttpApi registers; the handlers are never called, so no coordinator is needed.
     * The admin UI's page at {@code /} is a web page, not an API endpoint.
     */
    private static List<String> registeredRoutes() {
        OpsRoutes ops = new OpsRoutes(null, null, null, null, () -> "", null, Clock.systemUTC());
        HttpSecurity security = new HttpSecurity(new Tokens("admin", java.util.List.of()), List.of(), null);
        try (HttpApi api = new HttpApi(null, null, ops, security, () -> true, 1024)) {
            List<String> routes = new ArrayList<>(api.routes());
            routes.remove("GET /");
            return routes;
        }
    }

    @Test
    void isServedOpenAsOpenApi30WithBearerSchemes() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            Response response = new ApiClient(server).get("/api/v1/openapi.json");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().get("openapi").asText()).startsWith("3.0.");
            JsonNode schemes = response.body().get("components").get("securitySchemes");
            assertThat(schemes.get("adminToken").get("scheme").asText()).isEqualTo("bearer");
            assertThat(schemes.get("clientToken").get("scheme").asText()).isEqualTo("bearer");
        }
    }

    @Test
    void documentsEveryRegisteredRouteAndTheOpsHelpersRoutes() throws Exception {
        JsonNode paths = document().get("paths");
        List<String> routes = new ArrayList<>(registeredRoutes());
        routes.addAll(OPS_ROUTES);

        assertThat(routes).contains("POST /api/v1/groups", "GET /api/v1/groups", "GET /api/v1/messages",
                "POST /api/v1/groups/{id}/messages/{message_id}/retry", "POST /api/v1/messages/retry",
                "POST /api/v1/groups/{id}/resolve", "GET /api/v1/openapi.json");
        for (String route : routes) {
            String[] methodAndPath = route.split(" ");
            assertThat(paths.path(methodAndPath[1]).has(methodAndPath[0].toLowerCase())).as(route).isTrue();
        }
    }

    @Test
    void documentsTheAccessEachRouteNeeds() throws Exception {
        JsonNode paths = document().get("paths");
        Map<RouteAccess, String> schemes = Map.of(RouteAccess.OPEN, "[]",
                RouteAccess.PRODUCER, "[{\"adminToken\":[]},{\"clientToken\":[]},{}]",
                RouteAccess.ANY_TOKEN, "[{\"adminToken\":[]},{\"clientToken\":[]}]",
                RouteAccess.ADMIN, "[{\"adminToken\":[]}]");
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            RouteAccess access = RouteAccess.of(operation.getKey().toUpperCase(), path.getKey().replace("{", "x"));
            assertThat(operation.getValue().get("security").toString()).as(operation.getKey() + " " + path.getKey())
                    .isEqualTo(schemes.get(access));
            assertThat(operation.getValue().get("responses").has("401")).as(path.getKey())
                    .isEqualTo(access != RouteAccess.OPEN);
        }));
    }
}
