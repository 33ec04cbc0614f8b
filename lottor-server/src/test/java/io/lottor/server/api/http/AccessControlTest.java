package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.ServerConfig;
import io.lottor.server.security.AdminTokenFile;
import io.lottor.server.security.Security;
import io.lottor.server.support.Http;
import io.lottor.server.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlTest {
    private static final List<String> ADMIN_PATHS = List.of("/api/v1/stats", "/api/v1/sessions", "/api/v1/nodes",
            "/api/v1/whoami", "/api/v1/groups", "/api/v1/not-yet-a-route");
    private static final String GROUP = "{\"group_id\":\"http-g1\",\"source\":\"user\",\"messages\":[]}";

    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void adminEndpointsAnswer401NamingAuthorizationWithoutTheAdminToken() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            for (String path : ADMIN_PATHS) {
                assertUnauthenticated(http.get(server.httpUri(path), null));
                assertUnauthenticated(http.get(server.httpUri(path), "not-the-token"));
            }
            assertUnauthenticated(http.get(server.httpUri("//api/v1/stats"), null));
            assertUnauthenticated(http.get(server.httpUri("/API/v1/stats"), null));
            for (String path : ADMIN_PATHS.subList(0, 4)) {
                assertThat(http.get(server.httpUri(path), server.adminToken()).statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void healthMetricsAndNonApiPathsNeedNoToken() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            assertThat(http.get(server.httpUri("/health/live"), null).statusCode()).isEqualTo(200);
            assertThat(http.get(server.httpUri("/health/ready"), null).statusCode()).isEqualTo(200);
            assertThat(http.get(server.httpUri("/metrics"), null).statusCode()).isEqualTo(200);
            assertThat(http.get(server.httpUri("/"), null).statusCode()).isNotEqualTo(401);
            assertThat(http.get(server.httpUri("/admin/index.html"), null).statusCode()).isNotEqualTo(401);
        }
    }

    @Test
    void producerEndpointsAreOpenWhenNoClientTokenIsConfigured() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            server.prepare("http-open-1", "user", "auth", "auth-role", 60_000);

            assertThat(http.get(server.httpUri("/api/v1/groups/http-open-1"), null).statusCode()).isEqualTo(200);
            assertThat(http.post(server.httpUri("/api/v1/groups"), null, GROUP).statusCode()).isNotEqualTo(401);
            assertThat(http.post(server.httpUri("/api/v1/groups/http-open-1/commit"), null, "").statusCode())
                    .isNotEqualTo(401);
            assertThat(http.post(server.httpUri("/api/v1/groups/http-open-1/rollback"), null, "").statusCode())
                    .isNotEqualTo(401);
        }
    }

    @Test
    void producerEndpointsNeedTheClientOrAdminTokenWhenAClientTokenIsConfigured() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withSecurity(Security.defaults().withClientToken("client-secret"));
        try (TestServer server = new TestServer(config)) {
            server.prepare("http-client-1", "user", "auth", "auth-role", 60_000);
            String group = "/api/v1/groups/http-client-1";

            assertUnauthenticated(http.get(server.httpUri(group), null));
            assertUnauthenticated(http.get(server.httpUri(group), "wrong"));
            assertUnauthenticated(http.post(server.httpUri("/api/v1/groups"), null, GROUP));
            assertUnauthenticated(http.post(server.httpUri(group + "/commit"), null, ""));
            assertUnauthenticated(http.post(server.httpUri(group + "/rollback"), null, ""));
            assertThat(http.get(server.httpUri(group), "client-secret").statusCode()).isEqualTo(200);
            assertThat(http.get(server.httpUri(group), server.adminToken()).statusCode()).isEqualTo(200);
            assertThat(http.post(server.httpUri("/api/v1/groups"), "client-secret", GROUP).statusCode()).isNotEqualTo(401);
            assertUnauthenticated(http.get(server.httpUri("/api/v1/stats"), "client-secret"));
        }
    }

    @Test
    void whoamiNamesTheRoleOfTheToken() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withSecurity(Security.defaults().withClientToken("client-secret"));
        try (TestServer server = new TestServer(config)) {
            HttpResponse<String> admin = http.get(server.httpUri("/api/v1/whoami"), server.adminToken());
            assertThat(json.readTree(admin.body()).get("role").asText()).isEqualTo("admin");
            HttpResponse<String> client = http.get(server.httpUri("/api/v1/whoami"), "client-secret");
            assertThat(json.readTree(client.body()).get("role").asText()).isEqualTo("client");
            assertUnauthenticated(http.get(server.httpUri("/api/v1/whoami"), null));
            assertUnauthenticated(http.get(server.httpUri("/api/v1/whoami"), "guess"));
        }
    }

    @Test
    void generatedAdminTokenIsKeptInTheDataDirectoryAndReusedAfterRestart() throws Exception {
        String first;
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            first = server.adminToken();
        }
        Path file = dataDir.resolve(AdminTokenFile.FILE_NAME);
        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Files.readString(file).trim()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        try (TestServer again = new TestServer(TestServer.config(dataDir))) {
            assertThat(again.adminToken()).isEqualTo(first);
            assertThat(http.get(again.httpUri("/api/v1/stats"), first).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void configuredAdminTokenReplacesTheGeneratedOne() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withSecurity(Security.defaults().withAdminToken("s3cret-admin"));
        try (TestServer server = new TestServer(config)) {
            assertThat(server.adminToken()).isEqualTo("s3cret-admin");
            assertThat(http.get(server.httpUri("/api/v1/stats"), "s3cret-admin").statusCode()).isEqualTo(200);
            assertThat(Files.exists(dataDir.resolve(AdminTokenFile.FILE_NAME))).isFalse();
        }
    }

    private void assertUnauthenticated(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(error.get("field").asText()).isEqualTo("authorization");
        assertThat(error.get("message").asText()).contains("authorization");
    }
}
