package io.lottor.server.store.jdbc;

import static io.lottor.server.group.MessageState.FAILED;
import static io.lottor.server.group.MessageState.READY;

import io.lottor.server.group.GroupState;
import io.lottor.server.group.GroupView;
import io.lottor.server.group.MessageKey;
import io.lottor.server.group.MessageState;
import io.lottor.server.group.UnavailableException;
import io.lottor.server.store.DueMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads, each in one snapshot on a pooled read connection; never on the writer. Thread-safe. */
final class StoreReads {
    private static final String SELECT_GROUP = "SELECT group_id, source, instance_id, state, created_at,"
            + " updated_at, next_check_at, check_backs, attributes, check_back_url FROM lottor_group WHERE group_id = ?";
    private static final String SELECT_STATES = "SELECT group_id, state FROM lottor_group WHERE group_id IN (%s)";
    private static final String SELECT_MESSAGES = "SELECT " + MessageRows.VIEW_COLUMNS
            + " FROM lottor_message WHERE group_id = ? ORDER BY seq";
    /** One state's due messages of a route, in the order of the index (target, method, state, next_attempt_at). */
    private static final String SELECT_DUE = "SELECT " + MessageRows.DUE_COLUMNS + ", m.next_attempt_at"
            + " FROM lottor_message m JOIN lottor_group g ON g.group_id = m.group_id WHERE m.target = ?"
            + " AND m.method = ? AND m.state = ? AND m.next_attempt_at <= ? ORDER BY m.next_attempt_at LIMIT ?";
    private static final int NEXT_ATTEMPT_AT = 11;

    private static final String SELECT_SOURCE = "SELECT source FROM lottor_group WHERE group_id = ?";
    private static final String SELECT_TARGET = "SELECT target FROM lottor_message WHERE group_id = ? AND message_id = ?";

    private final ReaderPool readers;
    private final JsonMaps json;
    private final MessageRows rows;

    StoreReads(ReaderPool readers, JsonMaps json, MessageRows rows) {
        this.readers = readers;
        this.json = json;
        this.rows = rows;
    }

    Optional<GroupView> findGroup(String groupId) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_GROUP)) {
                select.setString(1, groupId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(group(connection, row)) : Optional.empty();
                }
            }
        });
    }

    Optional<String> sourceOf(String groupId) {
        return single(SELECT_SOURCE, groupId);
    }

    Optional<String> targetOf(MessageKey key) {
        return single(SELECT_TARGET, key.groupId(), key.messageId());
    }

    Map<String, GroupState> groupStates(Collection<String> groupIds) {
        List<String> ids = groupIds.stream().distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_STATES.formatted(Placeholders.of(ids.size())))) {
                for (int i = 0; i < ids.size(); i++) {
                    select.setString(i + 1, ids.get(i));
                }
                Map<String, GroupState> states = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        states.put(rows.getString(1), GroupState.valueOf(rows.getString(2)));
                    }
                }
                return states;
            }
        });
    }

    /**
     * Reads READY and FAILED messages of the route as two index-ordered cursors, merged by next attempt
     * time, so that no query sorts (or even reads) more rows than it answers.
     */
    List<DueMessage> dueMessages(String target, String method, long now, int limit, long maxBytes) {
        if (limit <= 0 || maxBytes <= 0) {
            return List.of();
        }
        return read(connection -> {
            try (PreparedStatement ready = due(connection, target, method, READY, now, limit);
                 PreparedStatement failed = due(connection, target, method, FAILED, now, limit);
                 ResultSet readyRows = ready.executeQuery();
                 ResultSet failedRows = failed.executeQuery()) {
                return merged(readyRows, failedRows, limit, maxBytes);
            }
        });
    }

    /** The first column of the row {@code sql} selects with {@code keys}, if any. */
    private Optional<String> single(String sql, String... keys) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < keys.length; i++) {
                    select.setString(i + 1, keys[i]);
                }
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    boolean isHealthy() {
        try {
            return read(connection -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT 1");
                     ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            });
        } catch (UnavailableException e) {
            return false;
        }
    }

    private static PreparedStatement due(Connection connection, String target, String method, MessageState state,
            long now, int limit) throws SQLException {
        PreparedStatement select = connection.prepareStatement(SELECT_DUE);
        try {
            select.setString(1, target);
            select.setString(2, method);
            select.setString(3, state.name());
            select.setLong(4, now);
            select.setInt(5, limit);
            return select;
        } catch (SQLException e) {
            select.close();
            throw e;
        }
    }

    private List<DueMessage> merged(ResultSet first, ResultSet second, int limit, long maxBytes) throws SQLException {
        List<DueMessage> due = new ArrayList<>();
        boolean hasFirst = first.next();
        boolean hasSecond = second.next();
        long bytes = 0;
        while ((hasFirst || hasSecond) && due.size() < limit && bytes < maxBytes) {
            boolean takeFirst = hasFirst && (!hasSecond
                    || first.getLong(NEXT_ATTEMPT_AT) <= second.getLong(NEXT_ATTEMPT_AT));
            DueMessage message = rows.dueRow(takeFirst ? first : second);
            due.add(message);
            bytes += message.payload().length;
            if (takeFirst) {
                hasFirst = first.next();
            } else {
                hasSecond = second.next();
            }
        }
        return due;
    }

    private GroupView group(Connection connection, ResultSet row) throws SQLException {
        String groupId = row.getString(1);
        try (PreparedStatement select = connection.prepareStatement(SELECT_MESSAGES)) {
            select.setString(1, groupId);
            try (ResultSet messages = select.executeQuery()) {
                return new GroupView(groupId, row.getString(2), row.getString(3), GroupState.valueOf(row.getString(4)),
                        row.getLong(5), row.getLong(6), row.getLong(7), row.getInt(8), json.read(row.getString(9)),
                        rows.views(messages), row.getString(10));
            }
        }
    }

    private <T> T read(ReaderPool.Read<T> read) {
        return readers.read(read);
    }
}
