package io.lottor.server.store.jdbc;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupSummary;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageSummary;
import io.lottor.server.store.GroupQuery;
import io.lottor.server.store.MessageQuery;
import io.lottor.server.store.Page;
import io.lottor.server.store.PageCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The admin API's reads: filtered, keyset-paged listings and group histories. Thread-safe. */
final class AdminReads {
    private static final String COUNT_STATES = "SELECT group_id, state, COUNT(*) FROM lottor_message"
            + " WHERE group_id IN (%s) GROUP BY group_id, state";
    /**
     * The order of a millisecond's events (tiers): PREPARED; check-backs, operators' actions, rollback;
     * COMMITTED; the messages' stored events (by event_id); the rows' DELIVERED and then CONSUMED (by
     * message); COMPLETED. That is the order they happen in for each message and for the group.
     */
    private static final int TIER_PREPARED = 0;
    private static final int TIER_GROUP = 1;
    private static final int TIER_COMMITTED = 2;
    private static final int TIER_MESSAGE = 3;
    private static final int TIER_ROW_DELIVERED = 4;
    private static final int TIER_ROW_CONSUMED = 5;
    private static final int TIER_COMPLETED = 6;
    /**
     * A group's history in one statement (one snapshot): its stored events, and those its rows hold (see
     * sqlite/V9): PREPARED from created_at, COMMITTED, the current attempt's DELIVERED, CONSUMED and
     * COMPLETED. Stored COMMITTED and COMPLETED events are those of groups finished before V9.
     */
    private static final String HISTORY = "SELECT at, kind, message_id, actor, detail, attempt, tier FROM ("
            + "SELECT at, kind, message_id, actor, detail, attempt, CASE WHEN message_id IS NOT NULL THEN "
            + TIER_MESSAGE + " WHEN kind = '" + EventKind.COMMITTED + "' THEN " + TIER_COMMITTED
            + " WHEN kind = '" + EventKind.COMPLETED + "' THEN " + TIER_COMPLETED + " ELSE " + TIER_GROUP
            + " END AS tier, event_id AS ord FROM lottor_event WHERE group_id = ?"
            + " UNION ALL SELECT created_at, '" + EventKind.PREPARED + "', NULL, '" + EventWrites.PRODUCER
            + "', NULL, NULL, " + TIER_PREPARED + ", 0 FROM lottor_group WHERE group_id = ?"
            + " UNION ALL SELECT committed_at, '" + EventKind.COMMITTED + "', NULL, committed_by, NULL, NULL, "
            + TIER_COMMITTED + ", 0 FROM lottor_group WHERE group_id = ? AND committed_at > 0"
            + " UNION ALL SELECT delivered_at, '" + EventKind.DELIVERED + "', message_id, delivered_to, NULL,"
            + " attempts, " + TIER_ROW_DELIVERED + ", seq FROM lottor_message WHERE group_id = ? AND delivered_at > 0"
            + " UNION ALL SELECT consumed_at, '" + EventKind.CONSUMED + "', message_id, consumed_by, NULL, attempts, "
            + TIER_ROW_CONSUMED + ", seq FROM lottor_message WHERE group_id = ? AND consumed_at > 0"
            + " UNION ALL SELECT completed_at, '" + EventKind.COMPLETED + "', NULL, '" + EventWrites.SERVER
            + "', NULL, NULL, " + TIER_COMPLETED + ", 0 FROM lottor_group WHERE group_id = ? AND completed_at > 0"
            + ") history ORDER BY at, tier, ord";

    private final ReaderPool readers;
    private final MessageRows rows;

    AdminReads(ReaderPool readers, MessageRows rows) {
        this.readers = readers;
        this.rows = rows;
    }

    Page<GroupSummary> listGroups(GroupQuery query) {
        Where where = AdminSql.groups(query);
        String sql = "SELECT " + AdminSql.GROUP_COLUMNS + " FROM lottor_group g" + where.sql() + AdminSql.GROUP_ORDER;
        return readers.read(connection -> {
            List<GroupRow> found = groupRows(connection, sql, where, query.limit() + 1);
            List<GroupRow> page = found.subList(0, Math.min(found.size(), query.limit()));
            Map<String, Map<MessageState, Integer>> counts = countStates(connection, page);
            List<GroupSummary> groups = page.stream().map(row -> row.summary(counts.get(row.groupId()))).toList();
            if (found.size() <= query.limit()) {
                return new Page<>(groups, null);
            }
            GroupRow last = page.get(page.size() - 1);
            return new Page<>(groups, new PageCursor(last.createdAt(), last.groupId(), ""));
        });
    }

    Page<MessageSummary> listMessages(MessageQuery query) {
        Where where = AdminSql.messages(query, true);
        String sql = "SELECT " + MessageRows.SUMMARY_COLUMNS + AdminSql.MESSAGE_FROM + where.sql()
                + AdminSql.MESSAGE_ORDER;
        return readers.read(connection -> {
            List<MessageSummary> found;
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setInt(where.bind(select), query.limit() + 1);
                try (ResultSet result = select.executeQuery()) {
                    found = rows.summaries(result);
                }
            }
            if (found.size() <= query.limit()) {
                return new Page<>(found, null);
            }
            MessageSummary last = found.get(query.limit() - 1);
            return new Page<>(found.subList(0, query.limit()),
                    new PageCursor(last.updatedAt(), last.groupId(), last.messageId()));
        });
    }

    List<GroupEvent> history(String groupId) {
        return readers.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(HISTORY)) {
                for (int i = 1; i <= 6; i++) { // the six parts of the union
                    select.setString(i, groupId);
                }
                try (ResultSet result = select.executeQuery()) {
                    List<GroupEvent> events = new ArrayList<>();
                    while (result.next()) {
                        int number = result.getInt(6);
                        Integer attempt = result.wasNull() ? null : number;
                        int tier = result.getInt(7);
                        String actor = tier == TIER_ROW_DELIVERED || tier == TIER_ROW_CONSUMED
                                ? EventWrites.consumer(result.getString(4)) : result.getString(4);
                        events.add(new GroupEvent(result.getLong(1), EventKind.valueOf(result.getString(2)),
                                result.getString(3), actor, result.getString(5), attempt));
                    }
                    return events;
                }
            }
        });
    }

    private static List<GroupRow> groupRows(Connection connection, String sql, Where where, int limit)
            throws SQLException {
        List<GroupRow> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setInt(where.bind(select), limit);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    found.add(GroupRow.of(result));
                }
            }
        }
        return found;
    }

    private static Map<String, Map<MessageState, Integer>> countStates(Connection connection, List<GroupRow> groups)
            throws SQLException {
        Map<String, Map<MessageState, Integer>> counts = new HashMap<>();
        if (groups.isEmpty()) {
            return counts;
        }
        String sql = COUNT_STATES.formatted(Placeholders.of(groups.size()));
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < groups.size(); i++) {
                select.setString(i + 1, groups.get(i).groupId());
            }
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    counts.computeIfAbsent(result.getString(1), id -> new EnumMap<>(MessageState.class))
                            .put(MessageState.valueOf(result.getString(2)), result.getInt(3));
                }
            }
        }
        return counts;
    }

    /** A row of {@link AdminSql#GROUP_COLUMNS}. */
    private record GroupRow(String groupId, String source, String instanceId, GroupState state, long createdAt,
                            long updatedAt, long nextCheckAt, int checkBacks) {

        static GroupRow of(ResultSet row) throws SQLException {
            return new GroupRow(row.getString(1), row.getString(2), row.getString(3),
                    GroupState.valueOf(row.getString(4)), row.getLong(5), row.getLong(6), row.getLong(7),
                    row.getInt(8));
        }

        GroupSummary summary(Map<MessageState, Integer> states) {
            Map<MessageState, Integer> byState = states == null ? Map.of() : states;
            int total = byState.values().stream().mapToInt(Integer::intValue).sum();
            return new GroupSummary(groupId, source, instanceId, state, createdAt, updatedAt, nextCheckAt, checkBacks,
                    total, byState);
        }
    }
}
