package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.ServerConfig;
import io.lottor.server.security.Security;
import io.lottor.server.support.Http;
import io.lottor.server.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorsTest {
    private final Http http = new Http();

    @TempDir
    Path dataDir;

    @Test
    void preflightOfAConfiguredOriginIsAllowedWithTheAuthorizationHeader() throws Exception {
        try (TestServer server = new TestServer(withOrigins("https://ops.example.com", "http://localhost:5173"))) {
            HttpResponse<String> preflight = preflight(server, "https://ops.example.com");

            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(header(preflight, "Access-Control-Allow-Origin")).isEqualTo("https://ops.example.com");
            assertThat(header(preflight, "Access-Control-Allow-Headers")).contains("Authorization");
            assertThat(header(preflight, "Access-Control-Allow-Methods")).contains("POST");
            assertThat(header(preflight, "Access-Control-Allow-Credentials")).isEmpty();
            assertThat(header(preflight(server, "http://localhost:5173"), "Access-Control-Allow-Origin"))
                    .isEqualTo("http://localhost:5173");
        }
    }

    @Test
    void actualRequestsOfAConfiguredOriginCarryTheAllowOriginHeaderEvenWhenRefused() throws Exception {
        try (TestServer server = new TestServer(withOrigins("https://ops.example.com"))) {
            HttpResponse<String> allowed = http.send(Http.request(server.httpUri("/api/v1/stats"), server.adminToken())
                    .header("Origin", "https://ops.example.com").GET());
            HttpResponse<String> refused = http.send(Http.request(server.httpUri("/api/v1/stats"), null)
                    .header("Origin", "https://ops.example.com").GET());

            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://ops.example.com");
            assertThat(header(allowed, "Vary")).contains("Origin");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(header(refused, "Access-Control-Allow-Origin")).isEqualTo("https://ops.example.com");
        }
    }

    @Test
    void otherOriginsGetNoCorsHeaders() throws Exception {
        try (TestServer server = new TestServer(withOrigins("https://ops.example.com"))) {
            HttpResponse<String> preflight = preflight(server, "https://evil.example.com");
            HttpResponse<String> get = http.send(Http.request(server.httpUri("/api/v1/stats"), server.adminToken())
                    .header("Origin", "https://evil.example.com").GET());

            assertThat(preflight.statusCode()).isNotEqualTo(204);
            assertThat(header(preflight, "Access-Control-Allow-Origin")).isEmpty();
            assertThat(header(get, "Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void corsIsClosedWhenNoOriginIsConfigured() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            HttpResponse<String> preflight = preflight(server, "https://ops.example.com");

            assertThat(preflight.statusCode()).isNotEqualTo(204);
            assertThat(header(preflight, "Access-Control-Allow-Origin")).isEmpty();
            assertThat(header(preflight, "Access-Control-Allow-Headers")).isEmpty();
        }
    }

    private ServerConfig withOrigins(String... origins) {
        return TestServer.config(dataDir).withSecurity(Security.defaults().withCorsOrigins(List.of(origins)));
    }

    private HttpResponse<String> preflight(TestServer server, String origin) throws Exception {
        return http.send(Http.request(server.httpUri("/api/v1/stats"), null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }
}
