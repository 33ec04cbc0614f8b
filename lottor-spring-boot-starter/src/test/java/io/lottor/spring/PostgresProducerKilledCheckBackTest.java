package io.lottor.spring;

import io.lottor.spring.support.ExternalDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The killed producer on PostgreSQL: its open transaction ends when the server sees the connection drop. */
class PostgresProducerKilledCheckBackTest extends ProducerKilledCheckBackContractTest {
    private static ExternalDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = ExternalDatabase.postgres("killed");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @Override
    String databaseUrl() {
        return database.url() + "?user=" + database.user();
    }
}
