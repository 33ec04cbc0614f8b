package io.lottor.samples.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.samples.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code POST /user} for each result, against a real in-process Lottor server; no auth-service runs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = UserServiceApplication.CONFIG_NAME)
@DirtiesContext
class UserEndpointTest {
    private static final TestServer server = TestServer.start();
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    private TestRestTemplate rest;
    @Autowired
    private JdbcTemplate database;

    @DynamicPropertySource
    static void lottor(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", server::target);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void successStoresUserAndCommitsGroupWithAuthRoleForThatUser() throws Exception {
        JsonNode answer = created("success", "success-user");

        String userId = answer.path("user_id").asText();
        String groupId = answer.path("group_id").asText();
        assertThat(usersNamed("success-user")).containsExactly(userId);
        assertThat(barrier(groupId)).containsExactly("C");
        JsonNode message = committedMessage(groupId);
        assertThat(message.path("target").asText()).isEqualTo("auth-service");
        assertThat(message.path("method").asText()).isEqualTo("auth-role");
        assertThat(message.path("payload").path("userId").asText()).isEqualTo(userId);
        assertThat(message.path("payload").path("role").asText()).isEqualTo("ADMIN");
        assertThat(message.path("headers").path("user-id").asText()).isEqualTo(userId);
    }

    @Test
    void failRollsBackTheUserAndPreparesNoGroup() throws Exception {
        List<String> barriersBefore = database.queryForList("SELECT group_id FROM lottor_barrier", String.class);

        ResponseEntity<String> response = post("fail", "failing-user");

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        JsonNode error = json.readTree(response.getBody());
        assertThat(error.path("error").asText()).isEqualTo("LOCAL_TRANSACTION_FAILED");
        assertThat(error.path("message").asText()).contains("transaction rolled back");
        assertThat(usersNamed("failing-user")).isEmpty();
        assertThat(database.queryForList("SELECT group_id FROM lottor_barrier", String.class))
                .as("no group was prepared, so none can be committed or delivered")
                .containsExactlyInAnyOrderElementsOf(barriersBefore);
    }

    @Test
    void consumerFailStoresUserButSendsRoleGrantWithoutUserId() throws Exception {
        JsonNode answer = created("consumer-fail", "orphan-user");

        assertThat(usersNamed("orphan-user")).containsExactly(answer.path("user_id").asText());
        JsonNode message = committedMessage(answer.path("group_id").asText());
        assertThat(message.path("payload").path("userId").isNull()).isTrue();
        assertThat(message.path("headers").path("user-id").asText()).isEqualTo(answer.path("user_id").asText());
    }

    @Test
    void unknownResultIsRejectedNamingTheParameter() throws Exception {
        ResponseEntity<String> response = post("maybe", "nobody");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(response.getBody()).path("field").asText()).isEqualTo("result");
        assertThat(usersNamed("nobody")).isEmpty();
    }

    private JsonNode created(String result, String username) throws Exception {
        ResponseEntity<String> response = post(result, username);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return json.readTree(response.getBody());
    }

    private ResponseEntity<String> post(String result, String username) {
        return rest.postForEntity("/user?result={result}&username={username}", null, String.class, result, username);
    }

    private JsonNode committedMessage(String groupId) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(server.group(groupId)).hasValueSatisfying(group ->
                        assertThat(group.path("state").asText()).isEqualTo("COMMITTED")));
        try {
            return server.group(groupId).orElseThrow().path("messages").get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> usersNamed(String username) {
        return database.queryForList("SELECT id FROM app_user WHERE username = ?", String.class, username);
    }

    private List<String> barrier(String groupId) {
        return database.queryForList("SELECT outcome FROM lottor_barrier WHERE group_id = ?", String.class, groupId);
    }
}
