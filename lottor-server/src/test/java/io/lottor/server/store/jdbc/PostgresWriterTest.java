package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.server.model.UnavailableException;
import io.lottor.server.support.ServerDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The group-commit writer on the machine's PostgreSQL; also a database that refuses connections for a while. */
class PostgresWriterTest extends ServerDatabaseWriterTest {

    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.POSTGRES;
    }

    @Override
    protected String contentionStatement() {
        return "DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = 'serialization_failure'; END $$";
    }

    /** The writer's sessions check for deadlocks after 3 s, the other session after 30 s: the writer finds it. */
    @Override
    protected void prepareDatabase() throws SQLException {
        database.execute("ALTER DATABASE " + database.name() + " SET deadlock_timeout = '3s'");
    }

    @Override
    protected void chooseTheWriterAsDeadlockVictim(Connection other) throws SQLException {
        try (Statement statement = other.createStatement()) {
            statement.execute("SET deadlock_timeout = '30s'");
        }
    }

    @Override
    protected boolean aSessionWaitsForALock() throws SQLException {
        return database.count("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'",
                database.name()) > 0;
    }

    @Test
    void whileTheDatabaseRefusesConnectionsWritesFailUnavailableAndResumeAfter() throws Exception {
        assertThat(writer().submit(tx -> insert(tx, 10)).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        database.refuseConnections(true);
        database.terminateConnections();

        CompletableFuture<Integer> during = writer().submit(tx -> insert(tx, 11));
        assertThat(cause(during)).isInstanceOf(UnavailableException.class);
        assertThat(cause(writer().submit(tx -> insert(tx, 12)))).isInstanceOf(UnavailableException.class);
        database.refuseConnections(false);

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> writer().submit(tx -> insert(tx, 13)).get(30, TimeUnit.SECONDS) == 1);
        assertThat(items()).containsExactly("1=0", "2=0", "10=10", "13=13");
    }
}
