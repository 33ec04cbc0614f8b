package io.lottor.server.api.http;

import static io.lottor.server.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.security.Security;
import io.lottor.server.support.Http;
import io.lottor.server.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer endpoints over HTTP honour a client token's services: 403 naming the field, nothing changed. */
class ClientTokenBindingHttpTest {
    private final Http http = new Http();
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dataDir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir)
                .withSecurity(Security.defaults().withClientToken("orders=tok-orders:orders")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void boundTokenCannotPrepareAsAnotherService() throws Exception {
        HttpResponse<String> denied = http.post(server.httpUri("/api/v1/groups"), "tok-orders", prepare("http-bind-1", "user"));

        assertDenied(denied, "source");
        assertThat(http.get(server.httpUri("/api/v1/groups/http-bind-1"), server.adminToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void boundTokenCannotCommitRollBackOrReadAnotherServicesGroup() throws Exception {
        assertThat(http.post(server.httpUri("/api/v1/groups"), server.adminToken(), prepare("http-bind-2", "user"))
                .statusCode()).isEqualTo(200);

        assertDenied(http.post(server.httpUri("/api/v1/groups/http-bind-2/commit"), "tok-orders", ""), "group_id");
        assertDenied(http.post(server.httpUri("/api/v1/groups/http-bind-2/rollback"), "tok-orders", ""), "group_id");
        assertDenied(http.get(server.httpUri("/api/v1/groups/http-bind-2"), "tok-orders"), "group_id");
        JsonNode group = mapper.readTree(http.get(server.httpUri("/api/v1/groups/http-bind-2"), server.adminToken()).body());
        assertThat(group.get("state").asText()).isEqualTo("PREPARED");
    }

    @Test
    void boundTokenPreparesAndCommitsItsOwnService() throws Exception {
        assertThat(http.post(server.httpUri("/api/v1/groups"), "tok-orders", prepare("http-bind-3", "orders"))
                .statusCode()).isEqualTo(200);
        assertThat(http.post(server.httpUri("/api/v1/groups/http-bind-3/commit"), "tok-orders", "").statusCode())
                .isEqualTo(200);
    }

    private void assertDenied(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(body.get("field").asText()).isEqualTo(field);
        assertThat(body.get("message").asText()).contains("orders");
    }

    private static String prepare(String groupId, String source) {
        return json("{'group_id': '" + groupId + "', 'source': '" + source + "', 'messages': [{'message_id': 'm1',"
                + " 'target': 'auth', 'method': 'auth-role', 'payload': {'n': 1}}]}");
    }
}
