package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void reportsLiveAndReady() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(json.readTree(ready.body()).get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void showsAGroupWithItsJsonPayload() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            server.prepare("http-show-1", "user", "auth", "auth-role", 60_000);
            HttpResponse<String> response = get(server, "/api/v1/groups/http-show-1");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode group = json.readTree(response.body());
            assertThat(group.get("group_id").asText()).isEqualTo("http-show-1");
            assertThat(group.get("state").asText()).isEqualTo("PREPARED");
            JsonNode message = group.get("messages").get(0);
            assertThat(message.get("state").asText()).isEqualTo("PENDING");
            assertThat(message.get("payload").get("n").asInt()).isEqualTo(1);
        }
    }

    @Test
    void answersNotFoundAndInvalidIdsWithErrorBodies() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            HttpResponse<String> missing = get(server, "/api/v1/groups/nope");
            assertThat(missing.statusCode()).isEqualTo(404);
            JsonNode error = json.readTree(missing.body());
            assertThat(error.get("error").asText()).isEqualTo("NOT_FOUND");
            assertThat(error.get("field").asText()).isEqualTo("group_id");

            HttpResponse<String> tooLong = get(server, "/api/v1/groups/" + "g".repeat(65));
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(json.readTree(tooLong.body()).get("message").asText()).contains("64");
        }
    }

    private HttpResponse<String> get(TestServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.server().httpPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
