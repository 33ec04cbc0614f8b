package io.lottor.server.store.jdbc;

import io.lottor.server.store.ClusterSession;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The cluster-wide session table's writes: a row per open session of every server, written when it
 * opens, refreshed with its server's heartbeat, deleted when it ends or when its server is dead.
 */
final class SessionWrites {
    private static final String COLUMNS = "session_id, server_id, service, instance_id, methods, answers_check_back,"
            + " max_in_flight, in_flight, remote_address, connected_at, last_heartbeat_at, last_seen_at";
    private static final String REFRESH = "UPDATE lottor_session SET in_flight = ?, last_heartbeat_at = ?,"
            + " last_seen_at = ? WHERE session_id = ? AND server_id = ?";
    private static final String DELETE_ONE = "DELETE FROM lottor_session WHERE session_id = ?";
    private static final String DELETE_NOT_REFRESHED = "DELETE FROM lottor_session WHERE server_id = ?"
            + " AND last_seen_at < ?";
    private static final String DELETE_OF_DEAD_NODES = "DELETE FROM lottor_session WHERE server_id NOT IN"
            + " (SELECT server_id FROM lottor_node WHERE last_seen_at >= ?)";
    static final String DELETE_OF_NODE = "DELETE FROM lottor_session WHERE server_id = ?";

    private final String insert;
    private final JsonMaps json;

    SessionWrites(Dialect dialect, JsonMaps json) {
        this.insert = dialect.insertIfAbsent("lottor_session", COLUMNS, 12);
        this.json = json;
    }

    WriteTask<Void> open(ClusterSession session, long now) {
        return tx -> {
            insert(tx, session, now);
            return null;
        };
    }

    WriteTask<Boolean> close(String sessionId) {
        return tx -> {
            PreparedStatement delete = tx.prepare(DELETE_ONE);
            delete.setString(1, sessionId);
            return delete.executeUpdate() == 1;
        };
    }

    /**
     * Refreshes every session of {@code sessions} (inserting the missing ones, e.g. after a dead-node sweep
     * of another server removed them while this one could not heartbeat), then deletes the server's rows
     * not refreshed: sessions that ended while this refresh was on its way.
     */
    WriteTask<Void> refresh(String serverId, List<ClusterSession> sessions, long now) {
        List<ClusterSession> copy = List.copyOf(sessions);
        return tx -> {
            PreparedStatement update = tx.prepare(REFRESH);
            for (ClusterSession session : copy) {
                update.setInt(1, session.inFlight());
                update.setLong(2, session.lastHeartbeatAt());
                update.setLong(3, now);
                update.setString(4, session.sessionId());
                update.setString(5, serverId);
                if (update.executeUpdate() == 0) {
                    insert(tx, session, now);
                }
            }
            PreparedStatement prune = tx.prepare(DELETE_NOT_REFRESHED);
            prune.setString(1, serverId);
            prune.setLong(2, now);
            prune.executeUpdate();
            return null;
        };
    }

    WriteTask<Integer> removeOfDeadNodes(long nodesSeenSince) {
        return tx -> {
            PreparedStatement delete = tx.prepare(DELETE_OF_DEAD_NODES);
            delete.setLong(1, nodesSeenSince);
            return delete.executeUpdate();
        };
    }

    private void insert(Transaction tx, ClusterSession session, long now) throws SQLException {
        PreparedStatement insert = tx.prepare(this.insert);
        insert.setString(1, session.sessionId());
        insert.setString(2, session.serverId());
        insert.setString(3, session.service());
        insert.setString(4, session.instanceId());
        insert.setString(5, json.writeSet(session.methods()));
        insert.setInt(6, session.answersCheckBack() ? 1 : 0);
        insert.setInt(7, session.maxInFlight());
        insert.setInt(8, session.inFlight());
        insert.setString(9, Truncate.to(session.remoteAddress(), 255));
        insert.setLong(10, session.connectedAt());
        insert.setLong(11, session.lastHeartbeatAt());
        insert.setLong(12, now);
        insert.executeUpdate();
    }
}
