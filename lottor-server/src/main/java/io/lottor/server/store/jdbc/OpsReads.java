package io.lottor.server.store.jdbc;

import static io.lottor.server.model.GroupState.PREPARED;
import static io.lottor.server.model.MessageState.CONSUMED;
import static io.lottor.server.model.MessageState.DEAD;
import static io.lottor.server.model.MessageState.FAILED;
import static io.lottor.server.model.MessageState.READY;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageState;
import io.lottor.server.store.OldestPrepared;
import io.lottor.server.store.ReadyBacklog;
import io.lottor.server.store.ServerNode;
import io.lottor.server.store.ThroughputBucket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's reads: counts by state, the oldest prepared group, the READY backlog, throughput buckets,
 * nodes. Thread-safe.
 */
final class OpsReads {
    private static final String GROUP_COUNTS = "SELECT state, COUNT(*) FROM lottor_group GROUP BY state";
    private static final String MESSAGE_COUNTS = "SELECT state, COUNT(*) FROM lottor_message GROUP BY state";
    private static final String MESSAGE_COUNT = "SELECT COUNT(*) FROM lottor_message WHERE state = ?";
    static final String OLDEST_PREPARED = "SELECT group_id, source, created_at FROM lottor_group"
            + " WHERE state = '" + PREPARED + "' ORDER BY created_at LIMIT 1";
    private static final String READY_BACKLOG = "SELECT target, method, COUNT(*), MIN(updated_at) FROM lottor_message"
            + " WHERE state = '" + READY + "' AND updated_at < ? GROUP BY target, method ORDER BY target, method";
    // bucket index by division: SQLite and PostgreSQL divide integers; MySQL's decimal quotient lands in the
    // same bucket too, because perBucket truncates it (getLong) and adds the counts up. GROUP BY 1: PostgreSQL
    // sees (x - $1) / $2 and (x - $5) / $6 as different expressions and would reject the grouping
    static final String PREPARED_PER_BUCKET = "SELECT (created_at - ?) / ?, COUNT(*) FROM lottor_group"
            + " WHERE created_at >= ? AND created_at < ? GROUP BY 1";
    static final String MESSAGES_PER_BUCKET = "SELECT (updated_at - ?) / ?, COUNT(*) FROM lottor_message"
            + " WHERE state IN (%s) AND updated_at >= ? AND updated_at < ? GROUP BY 1";
    private static final String NODES = "SELECT server_id, host, grpc_port, http_port, version, started_at,"
            + " last_seen_at FROM lottor_node ORDER BY started_at, server_id";

    private final ReaderPool readers;

    OpsReads(ReaderPool readers) {
        this.readers = readers;
    }

    Map<GroupState, Long> groupCounts() {
        Map<GroupState, Long> counts = new EnumMap<>(GroupState.class);
        for (GroupState state : GroupState.values()) {
            counts.put(state, 0L);
        }
        readers.read(connection -> countByState(connection, GROUP_COUNTS))
                .forEach((state, count) -> counts.put(GroupState.valueOf(state), count));
        return counts;
    }

    Map<MessageState, Long> messageCounts() {
        Map<MessageState, Long> counts = new EnumMap<>(MessageState.class);
        for (MessageState state : MessageState.values()) {
            counts.put(state, 0L);
        }
        readers.read(connection -> countByState(connection, MESSAGE_COUNTS))
                .forEach((state, count) -> counts.put(MessageState.valueOf(state), count));
        return counts;
    }

    long messageCount(MessageState state) {
        return readers.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(MESSAGE_COUNT)) {
                select.setString(1, state.name());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getLong(1) : 0L;
                }
            }
        });
    }

    Optional<OldestPrepared> oldestPrepared() {
        return readers.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(OLDEST_PREPARED);
                 ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new OldestPrepared(row.getString(1), row.getString(2), row.getLong(3)))
                        : Optional.empty();
            }
        });
    }

    List<ReadyBacklog> readyBacklog(long readyBefore) {
        return readers.read(connection -> {
            List<ReadyBacklog> backlog = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(READY_BACKLOG)) {
                select.setLong(1, readyBefore);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        backlog.add(new ReadyBacklog(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4)));
                    }
                }
            }
            return backlog;
        });
    }

    List<ThroughputBucket> throughput(long from, long bucketMs, int buckets) {
        long to = from + bucketMs * buckets;
        long[][] counts = readers.read(connection -> new long[][] {
            perBucket(connection, PREPARED_PER_BUCKET, from, bucketMs, to, buckets),
            perBucket(connection, MESSAGES_PER_BUCKET.formatted("'" + CONSUMED + "'"), from, bucketMs, to, buckets),
            perBucket(connection, MESSAGES_PER_BUCKET.formatted("'" + FAILED + "', '" + DEAD + "'"), from, bucketMs,
                    to, buckets)});
        List<ThroughputBucket> result = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            result.add(new ThroughputBucket(from + i * bucketMs, counts[0][i], counts[1][i], counts[2][i]));
        }
        return result;
    }

    List<ServerNode> nodes() {
        return readers.read(connection -> {
            List<ServerNode> nodes = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(NODES);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    nodes.add(new ServerNode(row.getString(1), row.getString(2), row.getInt(3), row.getInt(4),
                            row.getString(5), row.getLong(6), row.getLong(7)));
                }
            }
            return nodes;
        });
    }

    private static Map<String, Long> countByState(Connection connection, String sql) throws SQLException {
        Map<String, Long> counts = new java.util.HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                counts.put(row.getString(1), row.getLong(2));
            }
        }
        return counts;
    }

    private static long[] perBucket(Connection connection, String sql, long from, long bucketMs, long to, int buckets)
            throws SQLException {
        long[] counts = new long[buckets];
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, from);
            select.setLong(2, bucketMs);
            select.setLong(3, from);
            select.setLong(4, to);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    int bucket = (int) row.getLong(1);
                    if (bucket >= 0 && bucket < buckets) {
                        counts[bucket] += row.getLong(2);
                    }
                }
            }
        }
        return counts;
    }
}
