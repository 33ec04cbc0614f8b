package io.lottor.samples.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.samples.testing.TestMariaDb;
import io.lottor.samples.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The {@code mariadb} profile: the granted role and the idempotency record in MariaDB. */
@SpringBootTest(properties = AuthServiceApplication.CONFIG_NAME)
@ActiveProfiles("mariadb")
@DirtiesContext
class AuthServiceOnMariaDbTest {
    private static final String DATABASE = TestMariaDb.newDatabaseName("lottor_auth_test");
    private static TestServer server;
    private static UserServiceStandIn userService;

    @Autowired
    private JdbcTemplate database;

    @BeforeAll
    static void requireMariaDb() {
        TestMariaDb.require();
        server = TestServer.start();
        userService = new UserServiceStandIn(server.target());
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sample.database", () -> DATABASE);
        registry.add("lottor.server.targets", () -> server.target());
    }

    @AfterAll
    static void dropDatabase() {
        if (server != null) {
            userService.close();
            server.close();
            TestMariaDb.drop(DATABASE);
        }
    }

    @Test
    void grantsTheRoleInMariaDbAndRecordsTheMessageConsumed() {
        userService.grant("grantsTheRoleInMariaDb", new RoleGrant("maria", "ADMIN"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(server.group("grantsTheRoleInMariaDb"))
                .hasValueSatisfying(group -> assertThat(group.path("state").asText()).isEqualTo("COMPLETED")));
        assertThat(database.queryForObject("SELECT DATABASE()", String.class)).isEqualTo(DATABASE);
        assertThat(database.queryForList("SELECT role_id FROM user_role WHERE user_id = 'maria'", String.class))
                .containsExactly("ADMIN");
        assertThat(database.queryForObject(
                "SELECT COUNT(*) FROM lottor_consumed WHERE group_id = 'grantsTheRoleInMariaDb'", Integer.class))
                .isEqualTo(1);
    }
}
