package io.lottor.server.store.jdbc;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupView;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.UnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
