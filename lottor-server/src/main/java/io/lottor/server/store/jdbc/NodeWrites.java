package io.lottor.server.store.jdbc;

import io.lottor.server.store.ServerNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Registration and heartbeats of the servers sharing the database: portable UPDATE, then insert-if-absent. */
final class NodeWrites {
    private static final String COLUMNS = "server_id, host, grpc_port, http_port, version, started_at, last_seen_at";
    private static final String UPDATE = "UPDATE lottor_node SET host = ?, grpc_port = ?, http_port = ?, version = ?,"
            + " started_at = ?, last_seen_at = ? WHERE server_id = ?";
    private static final String DELETE_STALE = "DELETE FROM lottor_node WHERE last_seen_at < ?";
    private static final String DELETE_ONE = "DELETE FROM lottor_node WHERE server_id = ?";

    private final String insert;

    NodeWrites(Dialect dialect) {
        this.insert = dialect.insertIfAbsent("lottor_node", COLUMNS, 7);
    }

    WriteTask<Void> upsert(ServerNode node) {
        return tx -> {
            PreparedStatement update = tx.prepare(UPDATE);
            bind(update, node.host(), node, 1);
            update.setString(7, node.serverId());
            if (update.executeUpdate() == 0) {
                PreparedStatement create = tx.prepare(insert);
                create.setString(1, node.serverId());
                bind(create, node.host(), node, 2);
                create.executeUpdate();
            }
            return null;
        };
    }

    WriteTask<Integer> removeNotSeenSince(long before) {
        return tx -> {
            PreparedStatement delete = tx.prepare(DELETE_STALE);
            delete.setLong(1, before);
            return delete.executeUpdate();
        };
    }

    /** Removes the node and its sessions. */
    WriteTask<Boolean> remove(String serverId) {
        return tx -> {
            PreparedStatement sessions = tx.prepare(SessionWrites.DELETE_OF_NODE);
            sessions.setString(1, serverId);
            sessions.executeUpdate();
            PreparedStatement delete = tx.prepare(DELETE_ONE);
            delete.setString(1, serverId);
            return delete.executeUpdate() == 1;
        };
    }

    /** Binds host, ports, version, started_at, last_seen_at from {@code index} on. */
    private static void bind(PreparedStatement statement, String host, ServerNode node, int index) throws SQLException {
        statement.setString(index, host);
        statement.setInt(index + 1, node.grpcPort());
        statement.setInt(index + 2, node.httpPort());
        statement.setString(index + 3, node.version());
        statement.setLong(index + 4, node.startedAt());
        statement.setLong(index + 5, node.lastSeenAt());
    }
}
