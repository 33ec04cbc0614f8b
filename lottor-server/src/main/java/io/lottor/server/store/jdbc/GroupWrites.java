package io.lottor.server.store.jdbc;

import static io.lottor.server.model.GroupState.COMMITTED;
import static io.lottor.server.model.GroupState.PREPARED;
import static io.lottor.server.model.GroupState.ROLLED_BACK;
import static io.lottor.server.model.MessageState.CANCELLED;
import static io.lottor.server.model.MessageState.PENDING;
import static io.lottor.server.model.MessageState.READY;

import io.lottor.server.model.AlreadyExistsException;
import io.lottor.server.model.EventKind;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import io.lottor.server.model.NotFoundException;
import io.lottor.server.store.CommitOutcome;
import io.lottor.server.store.DueMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The producer's writes: prepare, commit, rollback. Each method builds a {@link WriteTask}; whatever
 * needs no database (hashing, JSON) is done on the caller's thread, not the writer's.
 */
final class GroupWrites {
    private static final String GROUP_COLUMNS = "group_id, source, instance_id, state, content_hash,"
            + " check_after_ms, next_check_at, check_backs, attributes, created_at, updated_at, check_back_url";
    private static final int GROUP_COLUMN_COUNT = 12;
    private static final String MESSAGE_COLUMN_NAMES = "group_id, message_id, seq, target, method, payload,"
            + " content_type, headers, state, attempts, next_attempt_at, created_at, updated_at";
    private static final int MESSAGE_COLUMNS = 13;
    private static final String INSERT_MESSAGE = "INSERT INTO lottor_message (" + MESSAGE_COLUMN_NAMES
            + ") VALUES (" + Placeholders.of(MESSAGE_COLUMNS) + ")";
    /**
     * The messages' rows (%s, the dialect's values table), only into a group of this content (group_id,
     * content_hash) that has none yet.
     */
    private static final String INSERT_MESSAGES_OF_NEW_GROUP = "INSERT INTO lottor_message (" + MESSAGE_COLUMN_NAMES
            + ") SELECT * FROM %s AS v WHERE NOT EXISTS (SELECT 1 FROM lottor_message WHERE group_id = ?)"
            + " AND EXISTS (SELECT 1 FROM lottor_group WHERE group_id = ? AND content_hash = ?)";
    /** Most messages of a group whose prepare sends its statements together (one cached statement per count). */
    private static final int MAX_MESSAGES_TOGETHER = 8;
    private static final String SELECT_GROUP = "SELECT state, content_hash FROM lottor_group WHERE group_id = ?";
    /** The COMMITTED event is this row's committed_at and committed_by (see {@link AdminReads}). */
    private static final String COMMIT_GROUP = "UPDATE lottor_group SET state = '" + COMMITTED
            + "', next_check_at = 0, committed_at = ?, committed_by = ?, updated_at = ? WHERE group_id = ? AND "
            + Transitions.groupFrom(PREPARED, COMMITTED);
    private static final String READY_MESSAGES = "UPDATE lottor_message SET state = '" + READY
            + "', next_attempt_at = ?, updated_at = ? WHERE group_id = ? AND " + Transitions.messageFrom(READY, PENDING);
    private static final String SELECT_READY = "SELECT " + MessageRows.DUE_COLUMNS + " FROM lottor_message m"
            + " JOIN lottor_group g ON g.group_id = m.group_id WHERE m.group_id = ? AND m.state = '" + READY
            + "' ORDER BY m.seq";
    private static final String ROLLBACK_GROUP = "UPDATE lottor_group SET state = '" + ROLLED_BACK
            + "', next_check_at = 0, updated_at = ? WHERE group_id = ? AND " + Transitions.groupFrom(PREPARED, ROLLED_BACK);
    private static final String CANCEL_MESSAGES = "UPDATE lottor_message SET state = '" + CANCELLED
            + "', last_error = ?, next_attempt_at = 0, updated_at = ? WHERE group_id = ? AND "
            + Transitions.messageFrom(CANCELLED, PENDING);

    /** Both updates of a commit in one round trip: the messages' guard holds only in a PREPARED group. */
    private static final String COMMIT_TOGETHER = COMMIT_GROUP + "; " + READY_MESSAGES;

    private final String insertGroup;
    private final Dialect dialect;
    private final boolean together;
    private final boolean insertsTogether;
    private final JsonMaps json;
    private final MessageRows rows;
    private final PreparedMessages prepared = new PreparedMessages();

    GroupWrites(Dialect dialect, JsonMaps json, MessageRows rows) {
        this.insertGroup = dialect.insertIfAbsent("lottor_group", GROUP_COLUMNS, GROUP_COLUMN_COUNT);
        this.dialect = dialect;
        this.together = dialect.runsStatementsTogether();
        this.insertsTogether = together && dialect.valuesTable(1, 1) != null;
        this.json = json;
        this.rows = rows;
    }

    WriteTask<GroupState> prepare(NewGroup group, long now) {
        String hash = group.contentHash();
        String attributes = json.write(group.attributes());
        List<String> headers = group.messages().stream().map(message -> json.write(message.headers())).toList();
        List<DueMessage> due = group.messages().stream().map(message -> new DueMessage(group.groupId(), group.source(),
                message.messageId(), message.target(), message.method(), message.payload(), message.contentType(),
                message.headers(), 0, 0)).toList();
        return tx -> {
            boolean inserted = insertsTogether && group.messages().size() <= MAX_MESSAGES_TOGETHER
                    ? insertTogether(tx, group, hash, attributes, headers, now)
                    : insertInTurn(tx, group, hash, attributes, headers, now);
            if (inserted) {
                prepared.put(group.groupId(), due);
                return PREPARED;
            }
            return existingState(tx, group.groupId(), hash);
        };
    }

    WriteTask<CommitOutcome> commit(String groupId, long now) {
        return tx -> commit(tx, groupId, EventWrites.PRODUCER, now);
    }

    WriteTask<GroupState> rollback(String groupId, String reason, long now) {
        String error = Truncate.error(reason);
        return tx -> rollback(tx, groupId, error, EventWrites.PRODUCER, now);
    }

    /**
     * Commit inside a running write; the COMMITTED event names {@code actor}. Where the dialect runs
     * statements together both updates go in one round trip: the messages' update changes rows only
     * when the group's did (a group's messages are PENDING only while it is PREPARED).
     */
    CommitOutcome commit(Transaction tx, String groupId, String actor, long now) throws SQLException {
        int[] counts = together ? commitTogether(tx, groupId, actor, now) : commitInTurn(tx, groupId, actor, now);
        if (counts[0] == 0) {
            GroupState state = stateOf(tx, groupId);
            if (state == ROLLED_BACK) {
                throw new FailedPreconditionException("group_id",
                        "group \"" + groupId + "\" is " + state + "; it cannot be committed");
            }
            return new CommitOutcome(state, List.of());
        }
        List<DueMessage> remembered = prepared.take(groupId, counts[1]);
        return new CommitOutcome(COMMITTED, remembered != null ? remembered : readyMessages(tx, groupId));
    }

    /** The group's update, then the messages' when it applied: their update counts. */
    private static int[] commitInTurn(Transaction tx, String groupId, String actor, long now) throws SQLException {
        PreparedStatement commit = tx.prepare(COMMIT_GROUP);
        bindCommit(commit, 0, groupId, actor, now);
        if (commit.executeUpdate() == 0) {
            return new int[] {0, 0};
        }
        PreparedStatement ready = tx.prepare(READY_MESSAGES);
        bindReady(ready, 0, groupId, now);
        return new int[] {1, ready.executeUpdate()};
    }

    private static int[] commitTogether(Transaction tx, String groupId, String actor, long now) throws SQLException {
        PreparedStatement both = tx.prepareTogether(COMMIT_TOGETHER, 2, 0);
        bindCommit(both, 0, groupId, actor, now);
        bindReady(both, 4, groupId, now);
        return Transaction.runTogether(both, 2);
    }

    private static void bindCommit(PreparedStatement statement, int offset, String groupId, String actor, long now)
            throws SQLException {
        statement.setLong(offset + 1, now);
        statement.setString(offset + 2, actor);
        statement.setLong(offset + 3, now);
        statement.setString(offset + 4, groupId);
    }

    private static void bindReady(PreparedStatement statement, int offset, String groupId, long now)
            throws SQLException {
        statement.setLong(offset + 1, now);
        statement.setLong(offset + 2, now);
        statement.setString(offset + 3, groupId);
    }

    /** Rollback inside a running write; the ROLLED_BACK event names {@code actor} and {@code error}. */
    GroupState rollback(Transaction tx, String groupId, String error, String actor, long now) throws SQLException {
        if (update(tx, ROLLBACK_GROUP, now, groupId) == 0) {
            GroupState state = stateOf(tx, groupId);
            if (state != ROLLED_BACK) {
                throw new FailedPreconditionException("group_id",
                        "group \"" + groupId + "\" is " + state + "; it cannot be rolled back");
            }
            return state;
        }
        prepared.forget(groupId);
        PreparedStatement cancel = tx.prepare(CANCEL_MESSAGES);
        cancel.setString(1, error);
        cancel.setLong(2, now);
        cancel.setString(3, groupId);
        cancel.executeUpdate();
        EventWrites.group(tx, groupId, EventKind.ROLLED_BACK, actor, error, now);
        return ROLLED_BACK;
    }

    /** The group's insert-if-absent, then its messages' inserts (one JDBC batch) when it inserted. */
    private boolean insertInTurn(Transaction tx, NewGroup group, String hash, String attributes, List<String> headers,
            long now) throws SQLException {
        PreparedStatement insertGroupRow = tx.prepare(insertGroup);
        bindGroup(insertGroupRow, group, hash, attributes, now);
        if (insertGroupRow.executeUpdate() == 0) {
            return false;
        }
        PreparedStatement insert = tx.prepare(INSERT_MESSAGE);
        for (int i = 0; i < group.messages().size(); i++) {
            bindMessage(insert, 0, group, i, headers.get(i), now);
            insert.addBatch();
        }
        insert.executeBatch();
        return true;
    }

    /**
     * The group's insert-if-absent and its messages' insert sent together (one round trip). The messages
     * go in only into a group of this content that has none yet: the group this statement inserted, never
     * one that existed (whose messages are there, or which is another group under the same id).
     */
    private boolean insertTogether(Transaction tx, NewGroup group, String hash, String attributes,
            List<String> headers, long now) throws SQLException {
        int count = group.messages().size();
        PreparedStatement both = tx.prepareTogether(insertGroup + "; "
                + INSERT_MESSAGES_OF_NEW_GROUP.formatted(dialect.valuesTable(count, MESSAGE_COLUMNS)), 2, 0);
        bindGroup(both, group, hash, attributes, now);
        int offset = GROUP_COLUMN_COUNT;
        for (int i = 0; i < count; i++) {
            bindMessage(both, offset, group, i, headers.get(i), now);
            offset += MESSAGE_COLUMNS;
        }
        both.setString(offset + 1, group.groupId());
        both.setString(offset + 2, group.groupId());
        both.setString(offset + 3, hash);
        return Transaction.runTogether(both, 2)[0] == 1;
    }

    private static void bindGroup(PreparedStatement insert, NewGroup group, String hash, String attributes, long now)
            throws SQLException {
        insert.setString(1, group.groupId());
        insert.setString(2, group.source());
        insert.setString(3, group.instanceId());
        insert.setString(4, PREPARED.name());
        insert.setString(5, hash);
        insert.setLong(6, group.checkAfterMs());
        insert.setLong(7, now + group.checkAfterMs());
        insert.setInt(8, 0);
        insert.setString(9, attributes);
        insert.setLong(10, now);
        insert.setLong(11, now);
        insert.setString(12, group.checkBackUrl());
    }

    private static void bindMessage(PreparedStatement insert, int offset, NewGroup group, int seq, String headers,
            long now) throws SQLException {
        NewMessage message = group.messages().get(seq);
        insert.setString(offset + 1, group.groupId());
        insert.setString(offset + 2, message.messageId());
        insert.setInt(offset + 3, seq);
        insert.setString(offset + 4, message.target());
        insert.setString(offset + 5, message.method());
        insert.setBytes(offset + 6, message.payload());
        insert.setString(offset + 7, message.contentType());
        insert.setString(offset + 8, headers);
        insert.setString(offset + 9, PENDING.name());
        insert.setInt(offset + 10, 0);
        insert.setLong(offset + 11, 0);
        insert.setLong(offset + 12, now);
        insert.setLong(offset + 13, now);
    }

    private GroupState existingState(Transaction tx, String groupId, String hash) throws SQLException {
        PreparedStatement select = tx.prepare(SELECT_GROUP);
        select.setString(1, groupId);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("group " + groupId + " neither inserted nor found");
            }
            if (!hash.equals(row.getString(2))) {
                throw new AlreadyExistsException("group_id", "group_id \"" + groupId
                        + "\" already exists with different content (source or messages differ)");
            }
            return GroupState.valueOf(row.getString(1));
        }
    }

    static GroupState stateOf(Transaction tx, String groupId) throws SQLException {
        PreparedStatement select = tx.prepare(SELECT_GROUP);
        select.setString(1, groupId);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new NotFoundException("group_id", "no group with group_id \"" + groupId + "\"");
            }
            return GroupState.valueOf(row.getString(1));
        }
    }

    private List<DueMessage> readyMessages(Transaction tx, String groupId) throws SQLException {
        PreparedStatement select = tx.prepare(SELECT_READY);
        select.setString(1, groupId);
        try (ResultSet result = select.executeQuery()) {
            return new ArrayList<>(rows.due(result));
        }
    }

    private static int update(Transaction tx, String sql, long now, String groupId) throws SQLException {
        PreparedStatement update = tx.prepare(sql);
        update.setLong(1, now);
        update.setString(2, groupId);
        return update.executeUpdate();
    }
}
