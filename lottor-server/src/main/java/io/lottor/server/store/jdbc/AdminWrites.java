package io.lottor.server.store.jdbc;

import static io.lottor.server.model.MessageState.DEAD;
import static io.lottor.server.model.MessageState.FAILED;
import static io.lottor.server.model.MessageState.READY;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.NotFoundException;
import io.lottor.server.store.CommitOutcome;
import io.lottor.server.store.DueMessage;
import io.lottor.server.store.MessageQuery;
import io.lottor.server.store.RetriedMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** The operator's writes: retry one message, retry by filter, resolve a stuck PREPARED group. */
final class AdminWrites {
    /** Attempts keep counting (their numbers never repeat); the budget starts anew from them. */
    private static final String RETRY = "UPDATE lottor_message SET state = '" + READY
            + "', attempt_base = attempts, next_attempt_at = ?, updated_at = ? WHERE group_id = ? AND message_id = ? AND "
            + Transitions.messageFrom(READY, DEAD, FAILED);
    private static final String SELECT_STATE = "SELECT state FROM lottor_message WHERE group_id = ? AND message_id = ?";
    private static final String SELECT_ONE = "SELECT " + MessageRows.RETRY_COLUMNS + AdminSql.MESSAGE_FROM
            + " WHERE m.group_id = ? AND m.message_id = ?";
    private static final EnumSet<MessageState> RETRYABLE = EnumSet.of(DEAD, FAILED);

    private final GroupWrites groupWrites;
    private final MessageRows rows;

    AdminWrites(GroupWrites groupWrites, MessageRows rows) {
        this.groupWrites = groupWrites;
        this.rows = rows;
    }

    WriteTask<RetriedMessage> retryMessage(MessageKey key, String actor, String reason, long now) {
        return tx -> {
            PreparedStatement select = tx.prepare(SELECT_ONE);
            select.setString(1, key.groupId());
            select.setString(2, key.messageId());
            List<RetriedMessage> found;
            try (ResultSet result = select.executeQuery()) {
                found = rows.retried(result, now);
            }
            if (!retry(tx, key, now)) {
                throw notRetryable(tx, key);
            }
            EventWrites.append(tx, key.groupId(), key.messageId(), EventKind.RETRIED, actor, reason, null, now);
            return found.get(0);
        };
    }

    WriteTask<List<DueMessage>> retryMessages(MessageQuery query, String actor, String reason, long now) {
        if (query.states().isEmpty() || !RETRYABLE.containsAll(query.states())) {
            throw new InvalidArgumentException("state", "state must be DEAD and/or FAILED to retry, got "
                    + query.states());
        }
        Where where = AdminSql.messages(query, false);
        String sql = "SELECT " + MessageRows.RETRY_COLUMNS + AdminSql.MESSAGE_FROM + where.sql() + AdminSql.MESSAGE_ORDER;
        return tx -> {
            PreparedStatement select = tx.prepare(sql);
            select.setInt(where.bind(select), query.limit());
            List<RetriedMessage> found;
            try (ResultSet result = select.executeQuery()) {
                found = rows.retried(result, now);
            }
            List<DueMessage> retried = new ArrayList<>();
            for (RetriedMessage message : found) {
                if (retry(tx, message.message().key(), now)) {
                    EventWrites.append(tx, message.due().groupId(), message.due().messageId(), EventKind.RETRIED,
                            actor, reason, null, now);
                    retried.add(message.due());
                }
            }
            return retried;
        };
    }

    WriteTask<CommitOutcome> resolve(String groupId, GroupState outcome, String actor, String reason, long now) {
        if (outcome != GroupState.COMMITTED && outcome != GroupState.ROLLED_BACK) {
            throw new InvalidArgumentException("outcome", "outcome must be COMMITTED or ROLLED_BACK, got " + outcome);
        }
        String detail = Truncate.error(reason);
        return tx -> {
            GroupState state = GroupWrites.stateOf(tx, groupId);
            if (state != GroupState.PREPARED) {
                throw new FailedPreconditionException("state", "group \"" + groupId + "\" is " + state
                        + "; only a PREPARED group can be resolved");
            }
            EventWrites.group(tx, groupId, EventKind.RESOLVED, actor, detail, now);
            if (outcome == GroupState.COMMITTED) {
                return groupWrites.commit(tx, groupId, actor, now);
            }
            return new CommitOutcome(groupWrites.rollback(tx, groupId, detail, actor, now), List.of());
        };
    }

    private static boolean retry(Transaction tx, MessageKey key, long now) throws SQLException {
        PreparedStatement update = tx.prepare(RETRY);
        update.setLong(1, now);
        update.setLong(2, now);
        update.setString(3, key.groupId());
        update.setString(4, key.messageId());
        return update.executeUpdate() == 1;
    }

    private static RuntimeException notRetryable(Transaction tx, MessageKey key) throws SQLException {
        PreparedStatement select = tx.prepare(SELECT_STATE);
        select.setString(1, key.groupId());
        select.setString(2, key.messageId());
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return new NotFoundException("message_id", "no message \"" + key.messageId() + "\" in group \""
                        + key.groupId() + "\"");
            }
            return new FailedPreconditionException("state", "message " + key + " is " + row.getString(1)
                    + "; only DEAD or FAILED messages can be retried");
        }
    }
}
