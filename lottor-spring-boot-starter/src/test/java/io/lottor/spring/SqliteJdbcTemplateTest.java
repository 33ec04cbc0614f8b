package io.lottor.spring;

import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on a SQLite file (one writer at a time: waits go through busy_timeout). */
@SpringBootTest(classes = JdbcApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.application.name=starter-sqlite-jdbc")
@DirtiesContext
class SqliteJdbcTemplateTest extends ProducerConsumerContractTest {
    private static final Path DATABASE = databaseFile();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", TestServer::target);
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATABASE + "?busy_timeout=15000");
    }

    @Override
    String service() {
        return "starter-sqlite-jdbc";
    }

    private static Path databaseFile() {
        try {
            Path dir = Files.createTempDirectory("lottor-starter-sqlite");
            dir.toFile().deleteOnExit();
            return dir.resolve("app.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
