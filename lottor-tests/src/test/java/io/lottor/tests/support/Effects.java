package io.lottor.tests.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A consumer service's own database where each consumed message leaves one row in {@code effect}, written
 * in the consumer's transaction by the idempotent helper. The table has no key, so a message applied
 * twice would show as two rows.
 */
public final class Effects {
    private final TestDatabase database;

    private Effects(TestDatabase database) {
        this.database = database;
    }

    /** Opens (creating if missing) the database in {@code file}. */
    public static Effects open(Path file) {
        return new Effects(TestDatabase.open(file,
                "CREATE TABLE IF NOT EXISTS effect (group_id TEXT NOT NULL, message_id TEXT NOT NULL)"));
    }

    public TestDatabase database() {
        return database;
    }

    /** Records the effect of {@code groupId}/{@code messageId} on {@code connection}, inside the consumer's transaction. */
    public static void apply(Connection connection, String groupId, String messageId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO effect (group_id, message_id) VALUES (?, ?)")) {
            insert.setString(1, groupId);
            insert.setString(2, messageId);
            insert.executeUpdate();
        }
    }

    /** How many times the messages of {@code groupId} were applied. */
    public long of(String groupId) {
        return database.count("SELECT COUNT(*) FROM effect WHERE group_id = ?", groupId);
    }

    /** Effect rows in all. */
    public long total() {
        return database.count("SELECT COUNT(*) FROM effect");
    }

    /** Distinct messages applied. */
    public long distinct() {
        return database.count("SELECT COUNT(*) FROM (SELECT DISTINCT group_id, message_id FROM effect)");
    }
}
