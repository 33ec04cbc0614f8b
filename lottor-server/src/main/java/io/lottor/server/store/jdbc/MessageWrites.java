package io.lottor.server.store.jdbc;

import static io.lottor.server.group.GroupState.COMMITTED;
import static io.lottor.server.group.GroupState.COMPLETED;
import static io.lottor.server.group.MessageState.CANCELLED;
import static io.lottor.server.group.MessageState.CONSUMED;
import static io.lottor.server.group.MessageState.DEAD;
import static io.lottor.server.group.MessageState.FAILED;
import static io.lottor.server.group.MessageState.IN_FLIGHT;
import static io.lottor.server.group.MessageState.PENDING;
import static io.lottor.server.group.MessageState.READY;

import io.lottor.server.group.EventKind;
import io.lottor.server.group.MessageKey;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.OutcomeResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The delivery side's writes: in flight, outcomes, requeue on startup. */
final class MessageWrites {
    private static final String KEY = " WHERE group_id = ? AND message_id = ? AND ";
    private static final String MARK_IN_FLIGHT = "UPDATE lottor_message SET state = '" + IN_FLIGHT
            + "', attempts = ?, delivered_to = ?, next_attempt_at = 0, updated_at = ?" + KEY
            + Transitions.messageFrom(IN_FLIGHT, READY, FAILED);
    private static final String CONSUME = "UPDATE lottor_message SET state = '" + CONSUMED
            + "', consumed_by = ?, last_error = NULL, next_attempt_at = 0, updated_at = ?" + KEY
            + Transitions.messageFromAnyBut(CONSUMED, PENDING, CANCELLED, CONSUMED);
    private static final String FAIL = "UPDATE lottor_message SET state = '" + FAILED
            + "', last_error = ?, next_attempt_at = ?, updated_at = ?" + KEY
            + Transitions.messageFrom(FAILED, IN_FLIGHT) + " AND attempts = ?";
    private static final String KILL = "UPDATE lottor_message SET state = '" + DEAD
            + "', last_error = ?, next_attempt_at = 0, updated_at = ?" + KEY
            + Transitions.messageFrom(DEAD, IN_FLIGHT) + " AND attempts = ?";
    private static final String REQUEUE = "UPDATE lottor_message SET state = '" + READY
            + "', last_error = COALESCE(?, last_error), next_attempt_at = ?, updated_at = ?" + KEY
            + Transitions.messageFrom(READY, IN_FLIGHT) + " AND attempts = ?";
    private static final String REQUEUE_ALL = "UPDATE lottor_message SET state = '" + READY
            + "', next_attempt_at = ?, updated_at = ? WHERE " + Transitions.messageFrom(READY, IN_FLIGHT);
    private static final String UNCONSUMED = "SELECT 1 FROM lottor_message WHERE group_id = ? AND state <> '"
            + CONSUMED + "' LIMIT 1";
    private static final String COMPLETE_GROUP = "UPDATE lottor_group SET state = '" + COMPLETED
            + "', updated_at = ? WHERE group_id = ? AND " + Transitions.groupFrom(COMMITTED, COMPLETED);

    WriteTask<Void> markInFlight(MessageKey key, int attempt, String instanceId, long now) {
        return tx -> {
            PreparedStatement update = tx.prepare(MARK_IN_FLIGHT);
            update.setInt(1, attempt);
            update.setString(2, instanceId);
            update.setLong(3, now);
            setKey(update, 4, key);
            if (update.executeUpdate() == 1) {
                EventWrites.append(tx, key.groupId(), key.messageId(), EventKind.DELIVERED,
                        EventWrites.consumer(instanceId), null, attempt, now);
            }
            return null;
        };
    }

    WriteTask<OutcomeResult> recordOutcome(MessageKey key, int attempt, DeliveryOutcome outcome, long now) {
        if (outcome instanceof DeliveryOutcome.Consumed consumed) {
            return tx -> consume(tx, key, attempt, consumed.instanceId(), now);
        }
        if (outcome instanceof DeliveryOutcome.Failed failed) {
            return tx -> applied(tx, new Guarded(FAIL, EventKind.FAILED), key, attempt, Truncate.error(failed.error()),
                    failed.nextAttemptAt(), now);
        }
        if (outcome instanceof DeliveryOutcome.Dead dead) {
            return tx -> applied(tx, new Guarded(KILL, EventKind.DEAD), key, attempt, Truncate.error(dead.error()),
                    null, now);
        }
        DeliveryOutcome.Requeued requeued = (DeliveryOutcome.Requeued) outcome;
        return tx -> applied(tx, new Guarded(REQUEUE, EventKind.FAILED), key, attempt,
                Truncate.error(requeued.error()), now, now);
    }

    WriteTask<Integer> requeueInFlight(long now) {
        return tx -> {
            PreparedStatement update = tx.prepare(REQUEUE_ALL);
            update.setLong(1, now);
            update.setLong(2, now);
            return update.executeUpdate();
        };
    }

    private OutcomeResult consume(Transaction tx, MessageKey key, int attempt, String instanceId, long now)
            throws SQLException {
        PreparedStatement update = tx.prepare(CONSUME);
        update.setString(1, instanceId);
        update.setLong(2, now);
        setKey(update, 3, key);
        if (update.executeUpdate() == 0) {
            return OutcomeResult.NOT_APPLIED;
        }
        EventWrites.append(tx, key.groupId(), key.messageId(), EventKind.CONSUMED, EventWrites.consumer(instanceId),
                null, attempt > 0 ? attempt : null, now);
        boolean completed = !hasUnconsumed(tx, key.groupId()) && complete(tx, key.groupId(), now);
        if (completed) {
            EventWrites.group(tx, key.groupId(), EventKind.COMPLETED, EventWrites.SERVER, null, now);
        }
        return new OutcomeResult(true, completed);
    }

    /**
     * Runs a guarded IN_FLIGHT → x update (error, then next attempt when not null, now, key, attempt)
     * and, when it applied, records its event.
     */
    private static OutcomeResult applied(Transaction tx, Guarded guarded, MessageKey key, int attempt, String error,
            Long nextAttemptAt, long now) throws SQLException {
        PreparedStatement update = tx.prepare(guarded.sql());
        int index = 1;
        update.setString(index++, error);
        if (nextAttemptAt != null) {
            update.setLong(index++, nextAttemptAt);
        }
        update.setLong(index++, now);
        setKey(update, index, key);
        update.setInt(index + 2, attempt);
        if (update.executeUpdate() == 0) {
            return OutcomeResult.NOT_APPLIED;
        }
        EventWrites.append(tx, key.groupId(), key.messageId(), guarded.event(), EventWrites.SERVER, error, attempt, now);
        return new OutcomeResult(true, false);
    }

    private static boolean hasUnconsumed(Transaction tx, String groupId) throws SQLException {
        PreparedStatement select = tx.prepare(UNCONSUMED);
        select.setString(1, groupId);
        try (ResultSet row = select.executeQuery()) {
            return row.next();
        }
    }

    private static boolean complete(Transaction tx, String groupId, long now) throws SQLException {
        PreparedStatement update = tx.prepare(COMPLETE_GROUP);
        update.setLong(1, now);
        update.setString(2, groupId);
        return update.executeUpdate() == 1;
    }

    private static void setKey(PreparedStatement statement, int index, MessageKey key) throws SQLException {
        statement.setString(index, key.groupId());
        statement.setString(index + 1, key.messageId());
    }

    /** A guarded update and the event it records when it applies. */
    private record Guarded(String sql, EventKind event) {
    }
}
