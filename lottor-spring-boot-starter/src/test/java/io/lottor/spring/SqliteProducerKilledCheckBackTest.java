package io.lottor.spring;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The killed producer on a SQLite file: the open transaction dies with the process (hot journal rolled back). */
class SqliteProducerKilledCheckBackTest extends ProducerKilledCheckBackContractTest {
    @TempDir
    Path dir;

    @Override
    String databaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("user-service.db") + "?busy_timeout=10000";
    }
}
