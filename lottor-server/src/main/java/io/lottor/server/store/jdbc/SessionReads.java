package io.lottor.server.store.jdbc;

import io.lottor.server.store.ClusterSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cluster-wide session table's reads: sessions of live servers only. Thread-safe. */
final class SessionReads {
    private static final String LIVE = "SELECT s.session_id, s.server_id, s.service, s.instance_id, s.methods,"
            + " s.answers_check_back, s.max_in_flight, s.in_flight, s.remote_address, s.connected_at,"
            + " s.last_heartbeat_at FROM lottor_session s JOIN lottor_node n ON n.server_id = s.server_id"
            + " WHERE n.last_seen_at >= ?";
    private static final String ALL_LIVE = LIVE + " ORDER BY s.service, s.instance_id, s.session_id";
    private static final String ONE_LIVE = LIVE + " AND s.session_id = ?";

    private final ReaderPool readers;
    private final JsonMaps json;

    SessionReads(ReaderPool readers, JsonMaps json) {
        this.readers = readers;
        this.json = json;
    }

    List<ClusterSession> live(long nodesSeenSince) {
        return readers.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(ALL_LIVE)) {
                select.setLong(1, nodesSeenSince);
                return sessions(select);
            }
        });
    }

    Optional<ClusterSession> live(String sessionId, long nodesSeenSince) {
        return readers.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(ONE_LIVE)) {
                select.setLong(1, nodesSeenSince);
                select.setString(2, sessionId);
                return sessions(select).stream().findFirst();
            }
        });
    }

    private List<ClusterSession> sessions(PreparedStatement select) throws SQLException {
        List<ClusterSession> sessions = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                sessions.add(new ClusterSession(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        json.readSet(row.getString(5)), row.getInt(6) == 1, row.getInt(7), row.getInt(8),
                        row.getString(9), row.getLong(10), row.getLong(11)));
            }
        }
        return sessions;
    }
}
