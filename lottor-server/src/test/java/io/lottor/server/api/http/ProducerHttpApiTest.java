package io.lottor.server.api.http;

import static io.lottor.server.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.ApiClient.Response;
import io.lottor.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer operations over JSON: prepare, commit, rollback, get, with every error they answer. */
class ProducerHttpApiTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private static String prepareBody(String groupId, String payloadJson) {
        return json("{'group_id': '" + groupId + "', 'source': 'user', 'instance_id': 'user-1', 'check_after_ms': 60000,"
                + " 'attributes': {'traceparent': '00-abc'}, 'messages': [" + payloadJson + "]}");
    }

    private static String jsonMessage() {
        return "{'message_id': 'm1', 'target': 'auth', 'method': 'auth-role', 'payload': {'user': 42},"
                + " 'headers': {'tenant': 't1'}}";
    }

    private static List<String> kinds(JsonNode group) {
        return StreamSupport.stream(group.get("history").spliterator(), false).map(e -> e.get("kind").asText()).toList();
    }

    @Test
    void preparesCommitsAndShowsGroupWithPayloadsAndHistory() {
        String binary = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        String body = prepareBody("http-prep-1", jsonMessage() + ", {'message_id': 'm2', 'target': 'mail',"
                + " 'method': 'welcome', 'payload_base64': '" + binary + "', 'content_type': 'application/octet-stream'}");

        Response prepared = api.post("/api/v1/groups", body);
        assertThat(prepared.status()).isEqualTo(200);
        assertThat(prepared.text()).isEqualTo(json("{'group_id':'http-prep-1','state':'PREPARED'}"));
        assertThat(api.post("/api/v1/groups", body).body().get("state").asText()).as("idempotent").isEqualTo("PREPARED");

        Response committed = api.post("/api/v1/groups/http-prep-1/commit", null);
        assertThat(committed.status()).isEqualTo(200);
        assertThat(committed.body().get("state").asText()).isEqualTo("COMMITTED");

        JsonNode group = api.get("/api/v1/groups/http-prep-1").body();
        assertThat(group.get("attributes").get("traceparent").asText()).isEqualTo("00-abc");
        JsonNode m1 = group.get("messages").get(0);
        assertThat(m1.get("payload").get("user").asInt()).isEqualTo(42);
        assertThat(m1.get("headers").get("tenant").asText()).isEqualTo("t1");
        assertThat(m1.get("state").asText()).isEqualTo("READY");
        JsonNode m2 = group.get("messages").get(1);
        assertThat(m2.get("payload_base64").asText()).isEqualTo(binary);
        assertThat(m2.get("content_type").asText()).isEqualTo("application/octet-stream");
        assertThat(kinds(group)).containsExactly("PREPARED", "COMMITTED");
        assertThat(group.get("history").get(0).get("actor").asText()).isEqualTo("producer");
        assertThat(group.get("history").get(0).get("at").asText()).endsWith("Z");
    }

    @Test
    void storesATextPayloadWithATextContentTypeAsTheBareText() {
        api.post("/api/v1/groups", prepareBody("http-text-1", "{'message_id': 'm1', 'target': 'auth', 'method': 'x',"
                + " 'payload': 'hello', 'content_type': 'text/plain'}"));

        JsonNode message = api.get("/api/v1/groups/http-text-1").body().get("messages").get(0);

        assertThat(Base64.getDecoder().decode(message.get("payload_base64").asText()))
                .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void prepareOfOtherContentUnderTheSameIdIsAlreadyExists() {
        api.post("/api/v1/groups", prepareBody("http-dup-1", jsonMessage()));

        Response again = api.post("/api/v1/groups", prepareBody("http-dup-1", jsonMessage().replace("42", "43")));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("ALREADY_EXISTS group_id");
    }

    @Test
    void prepareRejectsBadInputNamingTheField() {
        assertThat(api.post("/api/v1/groups", "{not json").error()).isEqualTo("INVALID_ARGUMENT body");
        assertThat(api.post("/api/v1/groups", "[1]").error()).isEqualTo("INVALID_ARGUMENT body");
        assertThat(api.post("/api/v1/groups", prepareBody("g", "")).error()).isEqualTo("INVALID_ARGUMENT messages");
        assertThat(api.post("/api/v1/groups", prepareBody("g", jsonMessage().replace("'auth',", "7,"))).error())
                .isEqualTo("INVALID_ARGUMENT messages[0].target");
        assertThat(api.post("/api/v1/groups", prepareBody("g", "{'message_id': 'm1', 'target': 'a', 'method': 'b',"
                + " 'payload_base64': 'AQID'}")).error()).isEqualTo("INVALID_ARGUMENT messages[0].content_type");
        assertThat(api.post("/api/v1/groups", prepareBody("g", "{'message_id': 'm1', 'target': 'a', 'method': 'b',"
                + " 'payload_base64': '***', 'content_type': 'x/y'}")).error())
                .isEqualTo("INVALID_ARGUMENT messages[0].payload_base64");
        assertThat(api.post("/api/v1/groups", prepareBody("g", "{'message_id': 'm1', 'target': 'a', 'method': 'b'}"))
                .error()).isEqualTo("INVALID_ARGUMENT messages[0].payload");
        assertThat(api.post("/api/v1/groups", prepareBody("g", jsonMessage()).replace("60000", "\"soon\"")).error())
                .isEqualTo("INVALID_ARGUMENT check_after_ms");
        assertThat(api.post("/api/v1/groups", prepareBody("g", jsonMessage().replace("'t1'", "1"))).error())
                .isEqualTo("INVALID_ARGUMENT messages[0].headers");
        assertThat(api.post("/api/v1/groups", prepareBody("g".repeat(65), jsonMessage())).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/groups/g").status()).as("nothing was stored").isEqualTo(404);
    }

    @Test
    void payloadOverItsLimitIsResourceExhausted() {
        String big = Base64.getEncoder().encodeToString(new byte[(1 << 20) + 1]);
        Response response = api.post("/api/v1/groups", prepareBody("http-big-1", "{'message_id': 'm1', 'target': 'a',"
                + " 'method': 'b', 'content_type': 'x/y', 'payload_base64': '" + big + "'}"));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("RESOURCE_EXHAUSTED messages[0].payload");
    }

    @Test
    void bodyOverTheRequestLimitIsResourceExhausted() {
        String huge = "x".repeat(9 << 20);

        Response response = api.post("/api/v1/groups", prepareBody("http-huge-1", "{'message_id': 'm1', 'target': 'a',"
                + " 'method': 'b', 'payload': '" + huge + "'}"));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("RESOURCE_EXHAUSTED body");
    }

    @Test
    void commitAndRollbackAnswerNotFoundAndFailedPrecondition() {
        assertThat(api.post("/api/v1/groups/nope/commit", null).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/groups/nope/commit", null).error()).isEqualTo("NOT_FOUND group_id");
        assertThat(api.post("/api/v1/groups/nope/rollback", null).status()).isEqualTo(404);
        api.post("/api/v1/groups", prepareBody("http-rb-1", jsonMessage()));
        api.post("/api/v1/groups", prepareBody("http-cm-1", jsonMessage()));
        api.post("/api/v1/groups/http-cm-1/commit", "");

        Response rolledBack = api.post("/api/v1/groups/http-rb-1/rollback", json("{'reason': 'order rejected'}"));
        assertThat(rolledBack.body().get("state").asText()).isEqualTo("ROLLED_BACK");
        Response commitAfterRollback = api.post("/api/v1/groups/http-rb-1/commit", null);
        assertThat(commitAfterRollback.status()).isEqualTo(409);
        assertThat(commitAfterRollback.body().get("error").asText()).isEqualTo("FAILED_PRECONDITION");
        assertThat(api.post("/api/v1/groups/http-cm-1/rollback", null).status()).isEqualTo(409);

        JsonNode history = api.get("/api/v1/groups/http-rb-1").body().get("history");
        assertThat(history.get(1).get("kind").asText()).isEqualTo("ROLLED_BACK");
        assertThat(history.get(1).get("detail").asText()).isEqualTo("order rejected");
    }

    @Test
    void rollbackReasonOverItsLimitIsInvalid() {
        api.post("/api/v1/groups", prepareBody("http-reason-1", jsonMessage()));

        Response response = api.post("/api/v1/groups/http-reason-1/rollback",
                json("{'reason': '" + "r".repeat(1025) + "'}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("INVALID_ARGUMENT reason");
        assertThat(response.body().get("message").asText()).contains("1024");
        assertThat(api.get("/api/v1/groups/http-reason-1").body().get("state").asText()).isEqualTo("PREPARED");
    }

    @Test
    void unknownApiPathIsNotFoundWithAnErrorBody() {
        Response response = api.get("/api/v1/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("error").asText()).isEqualTo("NOT_FOUND");
    }
}
