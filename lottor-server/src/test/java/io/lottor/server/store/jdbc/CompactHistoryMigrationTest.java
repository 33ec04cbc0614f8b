package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.MessageKey;
import io.lottor.server.store.DeliveryOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite database written before the compact history (schema V8, every event a row of lottor_event)
 * keeps the histories it had once V9 moves the happy path's events onto the rows: none is lost and none
 * shows twice, for groups finished before the upgrade and for those that go on after it.
 */
class CompactHistoryMigrationTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void historiesWrittenBeforeTheUpgradeReadTheSameAfterItAndGoOnWithoutDuplicates() throws SQLException {
        String url = "jdbc:sqlite:" + dataDir.resolve("lottor.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite")
                .table("lottor_schema_history").target("8").load().migrate();
        try (Connection connection = DriverManager.getConnection(url)) {
            group(connection, "finished", "COMPLETED");
            message(connection, "finished", "CONSUMED", 2, "auth-2");
            event(connection, "finished", null, T0, "PREPARED", "producer", null, null);
            event(connection, "finished", null, T0, "COMMITTED", "producer", null, null);
            event(connection, "finished", "m1", T0 + 1, "DELIVERED", "consumer:auth-1", null, 1);
            event(connection, "finished", "m1", T0 + 2, "FAILED", "server", "boom", 1);
            event(connection, "finished", "m1", T0 + 3, "DELIVERED", "consumer:auth-2", null, 2);
            event(connection, "finished", "m1", T0 + 4, "CONSUMED", "consumer:auth-2", null, 2);
            event(connection, "finished", null, T0 + 4, "COMPLETED", "server", null, null);
            group(connection, "in-flight", "COMMITTED");
            message(connection, "in-flight", "IN_FLIGHT", 1, "auth-1");
            event(connection, "in-flight", null, T0, "PREPARED", "producer", null, null);
            event(connection, "in-flight", null, T0, "COMMITTED", "producer", null, null);
            event(connection, "in-flight", "m1", T0 + 1, "DELIVERED", "consumer:auth-1", null, 1);
        }

        try (JdbcStore store = JdbcStore.openSqlite(dataDir)) {
            assertThat(store.history("finished")).extracting(GroupEvent::at, GroupEvent::kind, GroupEvent::actor,
                            GroupEvent::attempt)
                    .containsExactly(tuple(T0, EventKind.PREPARED, "producer", null),
                            tuple(T0, EventKind.COMMITTED, "producer", null),
                            tuple(T0 + 1, EventKind.DELIVERED, "consumer:auth-1", 1),
                            tuple(T0 + 2, EventKind.FAILED, "server", 1),
                            tuple(T0 + 3, EventKind.DELIVERED, "consumer:auth-2", 2),
                            tuple(T0 + 4, EventKind.CONSUMED, "consumer:auth-2", 2),
                            tuple(T0 + 4, EventKind.COMPLETED, "server", null));

            assertThat(store.recordOutcome(new MessageKey("in-flight", "m1"), 1,
                    new DeliveryOutcome.Consumed("auth", "auth-1"), T0 + 5).join().groupCompleted()).isTrue();

            assertThat(store.history("in-flight")).extracting(GroupEvent::at, GroupEvent::kind, GroupEvent::attempt)
                    .containsExactly(tuple(T0, EventKind.PREPARED, null), tuple(T0, EventKind.COMMITTED, null),
                            tuple(T0 + 1, EventKind.DELIVERED, 1), tuple(T0 + 5, EventKind.CONSUMED, 1),
                            tuple(T0 + 5, EventKind.COMPLETED, null));
        }
    }

    private static void group(Connection connection, String groupId, String state) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lottor_group (group_id, source,"
                + " instance_id, state, content_hash, check_after_ms, next_check_at, created_at, updated_at)"
                + " VALUES (?, 'user', 'user-1', ?, 'hash', 10000, 0, ?, ?)")) {
            insert.setString(1, groupId);
            insert.setString(2, state);
            insert.setLong(3, T0);
            insert.setLong(4, T0 + 4);
            insert.executeUpdate();
        }
    }

    private static void message(Connection connection, String groupId, String state, int attempts, String deliveredTo)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lottor_message (group_id, message_id,"
                + " seq, target, method, payload, content_type, state, attempts, delivered_to, consumed_by, owner,"
                + " lease_until, created_at, updated_at) VALUES (?, 'm1', 0, 'auth', 'role', X'7B7D', 'application/json',"
                + " ?, ?, ?, ?, 'node-1', ?, ?, ?)")) {
            insert.setString(1, groupId);
            insert.setString(2, state);
            insert.setInt(3, attempts);
            insert.setString(4, deliveredTo);
            insert.setString(5, state.equals("CONSUMED") ? deliveredTo : null);
            insert.setLong(6, T0 + 30_000);
            insert.setLong(7, T0);
            insert.setLong(8, T0 + 4);
            insert.executeUpdate();
        }
    }

    private static void event(Connection connection, String groupId, String messageId, long at, String kind,
            String actor, String detail, Integer attempt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lottor_event (group_id, message_id,"
                + " at, kind, actor, detail, attempt) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, groupId);
            insert.setString(2, messageId);
            insert.setLong(3, at);
            insert.setString(4, kind);
            insert.setString(5, actor);
            insert.setString(6, detail);
            insert.setObject(7, attempt);
            insert.executeUpdate();
        }
    }
}
