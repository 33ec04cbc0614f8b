package io.lottor.server.store.jdbc;

import static io.lottor.server.model.GroupState.COMPLETED;
import static io.lottor.server.model.GroupState.PREPARED;
import static io.lottor.server.model.GroupState.ROLLED_BACK;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.GroupState;
import io.lottor.server.store.CheckBackDelay;
import io.lottor.server.store.CheckBackScope;
import io.lottor.server.store.DueCheckBack;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Recovery's writes: claiming check-backs with a lease, expediting them, purging finished groups. A server
 * claims the due check-backs it can ask (groups of a source it has a session of, or with a check-back URL)
 * and those no server can ask, which it postpones; a group whose source has a live session on another
 * server is left to that server. A group asked again and again keeps one CHECK_BACK event in its history:
 * its attempt is the number of check-backs and its detail tells how many and when the last was; so a
 * group stuck PREPARED for weeks does not grow its history on every check-back.
 */
final class RecoveryWrites {
    private static final String LEASE = "UPDATE lottor_group SET check_backs = ?, next_check_at = ?"
            + " WHERE group_id = ? AND state = '" + PREPARED + "'";
    // a group with a check_back_url is never asked over a session, so a session connecting changes nothing for it
    private static final String EXPEDITE = "UPDATE lottor_group SET next_check_at = ? WHERE state = '" + PREPARED
            + "' AND source = ? AND check_backs > 0 AND next_check_at > ? AND check_back_url IS NULL";
    // two statements, not an UPDATE with a subquery on its own table: MySQL refuses that form
    private static final String LAST_CHECK_BACK = "SELECT MAX(event_id) FROM lottor_event WHERE group_id = ? AND kind = '"
            + EventKind.CHECK_BACK + "'";
    private static final String COLLAPSE_CHECK_BACK = "UPDATE lottor_event SET attempt = ?, detail = ? WHERE event_id = ?";
    private static final String DELETE_MESSAGES = "DELETE FROM lottor_message WHERE group_id = ?";
    private static final String FINAL_STATES = "'" + COMPLETED + "', '" + ROLLED_BACK + "'";
    private static final String DELETE_GROUP = "DELETE FROM lottor_group WHERE group_id = ? AND state IN ("
            + FINAL_STATES + ")";

    private static final String DUE = "SELECT group_id, source, check_backs, check_after_ms, check_back_url"
            + " FROM lottor_group g WHERE state = '" + PREPARED + "' AND next_check_at <= ?%s"
            + " ORDER BY next_check_at, group_id LIMIT ?";
    /** Groups this server may ask, and groups no server can ask (their postponement is anyone's to write). */
    private static final String IN_SCOPE = " AND (check_back_url IS NOT NULL%s OR NOT EXISTS (SELECT 1 FROM"
            + " lottor_session s JOIN lottor_node n ON n.server_id = s.server_id WHERE s.service = g.source"
            + " AND s.answers_check_back = 1 AND n.last_seen_at >= ?))";

    static final String FINISHED_STATES = "state IN ('COMPLETED', 'ROLLED_BACK')";

    private final String claimLock;
    final String selectFinished;

    RecoveryWrites(Dialect dialect) {
        this.claimLock = dialect.claimLock();
        // one final state at a time: a range of the (state, updated_at) index, read no further than the limit
        // (the IN term is the condition of SQLite's partial index on finished groups)
        this.selectFinished = "SELECT group_id FROM lottor_group WHERE " + FINISHED_STATES
                + " AND state = ? AND updated_at < ?"
                + " ORDER BY updated_at LIMIT ?" + dialect.claimLock();
    }

    WriteTask<List<DueCheckBack>> claimDueCheckBacks(long now, int limit, CheckBackDelay delay, CheckBackScope scope) {
        List<String> sources = List.copyOf(new TreeSet<>(scope.sources()));
        return tx -> {
            List<DueCheckBack> claimed = new ArrayList<>();
            PreparedStatement lease = tx.prepare(LEASE);
            PreparedStatement select = tx.prepare(selectDue(scope, sources.size()));
            int index = 1;
            select.setLong(index++, now);
            if (!scope.unscoped()) {
                for (String source : sources) {
                    select.setString(index++, source);
                }
                select.setLong(index++, scope.nodesSeenSince());
            }
            select.setInt(index, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int before = rows.getInt(3);
                    claimed.add(new DueCheckBack(rows.getString(1), rows.getString(2), before + 1, rows.getString(5)));
                    lease.setInt(1, before + 1);
                    lease.setLong(2, now + delay.delayMs(before, rows.getLong(4)));
                    lease.setString(3, rows.getString(1));
                    lease.addBatch();
                }
            }
            if (!claimed.isEmpty()) {
                lease.executeBatch();
            }
            recordCheckBacks(tx, claimed, now);
            return claimed;
        };
    }

    /** The claim's SELECT for a scope naming {@code sources} sources (one statement per count, cached by the writer). */
    private String selectDue(CheckBackScope scope, int sources) {
        String filter = scope.unscoped() ? ""
                : IN_SCOPE.formatted(sources == 0 ? "" : " OR source IN (" + Placeholders.of(sources) + ")");
        return DUE.formatted(filter) + claimLock;
    }

    /** Counts each claimed check-back on the group's CHECK_BACK event, writing the event on the first. */
    private static void recordCheckBacks(Transaction tx, List<DueCheckBack> claimed, long now) throws SQLException {
        PreparedStatement last = tx.prepare(LAST_CHECK_BACK);
        PreparedStatement collapse = tx.prepare(COLLAPSE_CHECK_BACK);
        for (DueCheckBack group : claimed) {
            long eventId = group.checkBacks() == 1 ? 0 : lastCheckBack(last, group.groupId());
            if (eventId == 0) {
                EventWrites.append(tx, group.groupId(), null, EventKind.CHECK_BACK, EventWrites.SERVER, null,
                        group.checkBacks(), now);
            } else {
                collapse.setInt(1, group.checkBacks());
                collapse.setString(2, "asked " + group.checkBacks() + " times, last at " + Instant.ofEpochMilli(now));
                collapse.setLong(3, eventId);
                collapse.executeUpdate();
            }
        }
    }

    /** The id of the group's CHECK_BACK event, 0 if it has none. */
    private static long lastCheckBack(PreparedStatement last, String groupId) throws SQLException {
        last.setString(1, groupId);
        try (ResultSet row = last.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    WriteTask<Integer> expediteCheckBacks(String source, long now) {
        return tx -> {
            PreparedStatement update = tx.prepare(EXPEDITE);
            update.setLong(1, now);
            update.setString(2, source);
            update.setLong(3, now);
            return update.executeUpdate();
        };
    }

    WriteTask<Integer> purgeFinished(long before, int limit) {
        return tx -> {
            List<String> groupIds = finishedGroups(tx, before, limit);
            if (groupIds.isEmpty()) {
                return 0;
            }
            PreparedStatement messages = tx.prepare(DELETE_MESSAGES);
            PreparedStatement groups = tx.prepare(DELETE_GROUP);
            for (String groupId : groupIds) {
                messages.setString(1, groupId);
                messages.addBatch();
                groups.setString(1, groupId);
                groups.addBatch();
            }
            messages.executeBatch();
            return rowsChanged(groups.executeBatch());
        };
    }

    private List<String> finishedGroups(Transaction tx, long before, int limit) throws SQLException {
        List<String> groupIds = new ArrayList<>();
        for (GroupState state : List.of(COMPLETED, ROLLED_BACK)) {
            if (groupIds.size() == limit) {
                break;
            }
            PreparedStatement select = tx.prepare(selectFinished);
            select.setString(1, state.name());
            select.setLong(2, before);
            select.setInt(3, limit - groupIds.size());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groupIds.add(rows.getString(1));
                }
            }
        }
        return groupIds;
    }

    private static int rowsChanged(int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
        }
        return total;
    }
}
