package io.lottor.samples.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.samples.testing.TestServer;
import io.lottor.server.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** auth-service consuming auth-role messages from a real in-process Lottor server. */
@SpringBootTest(properties = {AuthServiceApplication.CONFIG_NAME, "lottor.instance-id=auth-service-test"})
@DirtiesContext
class RoleGrantListenerTest {
    /** Failed deliveries are retried after 100 ms, this many times, so that a rejected message is dead within a second. */
    private static final int MAX_ATTEMPTS = 2;
    private static final TestServer server = TestServer.start(RoleGrantListenerTest::shortRetries);
    private static final UserServiceStandIn userService = new UserServiceStandIn(server.target());

    @Autowired
    private JdbcTemplate database;

    @DynamicPropertySource
    static void lottor(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", server::target);
    }

    private static ServerConfig shortRetries(ServerConfig defaults) {
        Duration backoff = Duration.ofMillis(100);
        return defaults.withRetryInitialBackoff(backoff).withRetryMaxBackoff(backoff).withMaxAttempts(MAX_ATTEMPTS);
    }

    @AfterAll
    static void stop() {
        userService.close();
        server.close();
    }

    @Test
    void grantsTheRoleOfAnAuthRoleMessageAndReportsItConsumed() {
        userService.grant("grantsTheRoleOfAnAuthRoleMessage", new RoleGrant("user-1", "ADMIN"));

        awaitGroup("grantsTheRoleOfAnAuthRoleMessage", group -> assertThat(group.path("state").asText()).isEqualTo("COMPLETED"));
        assertThat(rolesOf("user-1")).containsExactly("ADMIN");
        assertThat(grantingGroups("user-1")).containsExactly("grantsTheRoleOfAnAuthRoleMessage");
    }

    @Test
    void rejectsAGrantWithoutUserIdUntilTheMessageIsDead() {
        int rowsBefore = roleRows();

        userService.grant("rejectsAGrantWithoutUserId", new RoleGrant(null, "ADMIN"));

        awaitGroup("rejectsAGrantWithoutUserId", group -> {
            JsonNode message = group.path("messages").get(0);
            assertThat(message.path("state").asText()).isEqualTo("DEAD");
            assertThat(message.path("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
            assertThat(message.path("last_error").asText()).contains("auth-role rejected: userId is required");
        });
        assertThat(roleRows()).isEqualTo(rowsBefore);
    }

    @Test
    void skipsAMessageItAlreadyConsumedWhenItIsDeliveredAgain() {
        // As if this message had been consumed once and its acknowledgement lost: the starter's
        // idempotency record is there, so the redelivery must change nothing.
        database.update("INSERT INTO lottor_consumed (group_id, message_id, consumed_at) VALUES (?, 'm1', ?)",
                "skipsAMessageItAlreadyConsumed", System.currentTimeMillis());

        userService.grant("skipsAMessageItAlreadyConsumed", new RoleGrant("user-redelivered", "ADMIN"));

        awaitGroup("skipsAMessageItAlreadyConsumed", group -> assertThat(group.path("state").asText()).isEqualTo("COMPLETED"));
        assertThat(rolesOf("user-redelivered")).isEmpty();
    }

    @Test
    void grantsARoleOnceWhenTwoMessagesGrantTheSameRole() {
        userService.grant("grantsARoleOnce-1", new RoleGrant("user-twice", "ADMIN"));
        userService.grant("grantsARoleOnce-2", new RoleGrant("user-twice", "ADMIN"));

        awaitGroup("grantsARoleOnce-1", group -> assertThat(group.path("state").asText()).isEqualTo("COMPLETED"));
        awaitGroup("grantsARoleOnce-2", group -> assertThat(group.path("state").asText()).isEqualTo("COMPLETED"));
        assertThat(rolesOf("user-twice")).containsExactly("ADMIN");
    }

    private void awaitGroup(String groupId, Consumer<JsonNode> requirement) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(server.group(groupId)).hasValueSatisfying(requirement));
    }

    private List<String> rolesOf(String userId) {
        return database.queryForList("SELECT role_id FROM user_role WHERE user_id = ?", String.class, userId);
    }

    private List<String> grantingGroups(String userId) {
        return database.queryForList("SELECT group_id FROM user_role WHERE user_id = ?", String.class, userId);
    }

    private int roleRows() {
        return database.queryForObject("SELECT COUNT(*) FROM user_role", Integer.class);
    }
}
