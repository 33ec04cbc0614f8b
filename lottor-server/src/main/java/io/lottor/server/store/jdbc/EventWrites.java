package io.lottor.server.store.jdbc;

import io.lottor.server.model.EventKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Appends history events inside the write that causes them, on the writer's transaction, so an event
 * exists exactly when its state change does.
 */
final class EventWrites {
    static final String PRODUCER = "producer";
    static final String SERVER = "server";
    private static final String INSERT = "INSERT INTO lottor_event (group_id, message_id, at, kind, actor, detail,"
            + " attempt) VALUES (" + Placeholders.of(7) + ")";

    private EventWrites() {
    }

    /** An event about the group as a whole. */
    static void group(Transaction tx, String groupId, EventKind kind, String actor, String detail, long at)
            throws SQLException {
        append(tx, groupId, null, kind, actor, detail, null, at);
    }

    /** An event about one message or delivery attempt ({@code attempt} may be null). */
    static void append(Transaction tx, String groupId, String messageId, EventKind kind, String actor, String detail,
            Integer attempt, long at) throws SQLException {
        PreparedStatement insert = tx.prepare(INSERT);
        insert.setString(1, groupId);
        insert.setString(2, messageId);
        insert.setLong(3, at);
        insert.setString(4, kind.name());
        insert.setString(5, actor);
        insert.setString(6, Truncate.error(detail));
        if (attempt == null) {
            insert.setNull(7, Types.INTEGER);
        } else {
            insert.setInt(7, attempt);
        }
        insert.executeUpdate();
    }

    /** The actor of a consumer instance: {@code consumer:<instance>}, {@code consumer} when unknown. */
    static String consumer(String instanceId) {
        return instanceId == null || instanceId.isEmpty() ? "consumer" : "consumer:" + instanceId;
    }
}
