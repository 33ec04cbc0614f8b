package io.lottor.spring;

import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.support.ExternalDatabase;
import io.lottor.spring.support.TestServer;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on the machine's MariaDb with JdbcTemplate (row locks, unique violations and aborts of a real server). */
@SpringBootTest(classes = JdbcApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.application.name=starter-mariadb-jdbc")
@DirtiesContext
class MariaDbJdbcTemplateTest extends ProducerConsumerContractTest {
    private static ExternalDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = ExternalDatabase.mariadb("starter");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", TestServer::target);
        registry.add("spring.datasource.url", () -> database.url());
        registry.add("spring.datasource.username", () -> database.user());
    }

    @Override
    String service() {
        return "starter-mariadb-jdbc";
    }
}
