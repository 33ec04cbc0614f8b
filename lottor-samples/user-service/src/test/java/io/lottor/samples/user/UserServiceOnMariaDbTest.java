package io.lottor.samples.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.samples.testing.TestMariaDb;
import io.lottor.samples.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The {@code mariadb} profile: the user, the barrier row and the rollback all in MariaDB. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = UserServiceApplication.CONFIG_NAME)
@ActiveProfiles("mariadb")
@DirtiesContext
class UserServiceOnMariaDbTest {
    private static final String DATABASE = TestMariaDb.newDatabaseName("lottor_user_test");
    private static TestServer server;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    private TestRestTemplate rest;
    @Autowired
    private JdbcTemplate database;

    @BeforeAll
    static void requireMariaDb() {
        TestMariaDb.require();
        server = TestServer.start();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sample.database", () -> DATABASE);
        registry.add("lottor.server.targets", () -> server.target());
    }

    @AfterAll
    static void dropDatabase() {
        if (server != null) {
            server.close();
            TestMariaDb.drop(DATABASE);
        }
    }

    @Test
    void createsDatabaseAndCommitsUserWithItsGroupInMariaDb() throws Exception {
        ResponseEntity<String> response = rest.postForEntity("/user?result=success&username=maria", null, String.class);

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode answer = json.readTree(response.getBody());
        String groupId = answer.path("group_id").asText();
        assertThat(database.queryForObject("SELECT DATABASE()", String.class)).isEqualTo(DATABASE);
        assertThat(database.queryForList("SELECT username FROM app_user WHERE id = ?", String.class,
                answer.path("user_id").asText())).containsExactly("maria");
        assertThat(database.queryForList("SELECT outcome FROM lottor_barrier WHERE group_id = ?", String.class, groupId))
                .containsExactly("C");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.group(groupId))
                .hasValueSatisfying(group -> assertThat(group.path("state").asText()).isEqualTo("COMMITTED")));
    }

    @Test
    void failLeavesNoUserInMariaDb() {
        ResponseEntity<String> response = rest.postForEntity("/user?result=fail&username=ghost", null, String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(database.queryForObject("SELECT COUNT(*) FROM app_user WHERE username = 'ghost'", Integer.class))
                .isZero();
    }
}
