package io.lottor.server.store.jdbc;

import static io.lottor.server.model.GroupState.COMMITTED;
import static io.lottor.server.model.GroupState.COMPLETED;
import static io.lottor.server.model.MessageState.CONSUMED;
import static io.lottor.server.model.MessageState.DEAD;
import static io.lottor.server.model.MessageState.FAILED;
import static io.lottor.server.model.MessageState.IN_FLIGHT;
import static io.lottor.server.model.MessageState.READY;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.MessageKey;
import io.lottor.server.store.DeliveryClaim;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.ExpiredLease;
import io.lottor.server.store.LeaseExpiry;
import io.lottor.server.store.OutcomeResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The delivery side's writes: claims, outcomes, expired leases, requeue on startup. Every change of a
 * delivered message is guarded by its attempt number, so a write built from a stale view of a message
 * (or a late result of an older attempt) changes nothing.
 */
final class MessageWrites {
    private static final String KEY = " WHERE group_id = ? AND message_id = ? AND ";
    /** The attempt's DELIVERED event is this row's delivered_at and delivered_to (see {@link AdminReads}). */
    private static final String CLAIM = "UPDATE lottor_message SET state = '" + IN_FLIGHT
            + "', attempts = ?, owner = ?, lease_until = ?, delivered_to = ?, delivered_at = ?, next_attempt_at = 0,"
            + " updated_at = ?"
            + KEY + Transitions.messageFrom(IN_FLIGHT, READY, FAILED) + " AND attempts = ?";
    /** The CONSUMED event is this row's consumed_at and consumed_by. */
    private static final String CONSUME = "UPDATE lottor_message SET state = '" + CONSUMED
            + "', consumed_by = ?, consumed_at = ?, last_error = NULL, next_attempt_at = 0, updated_at = ?" + KEY
            + Transitions.messageFrom(CONSUMED, IN_FLIGHT, FAILED, DEAD)
            + " AND attempts = ? AND target = ? AND delivered_to = ?";
    /** An attempt ending without CONSUMED: its DELIVERED becomes an event of its own, delivered_at 0. */
    private static final String DELIVERY = "SELECT delivered_at, delivered_to FROM lottor_message" + KEY
            + "attempts = ?";
    private static final String FAIL = "UPDATE lottor_message SET state = '" + FAILED
            + "', last_error = ?, next_attempt_at = ?, delivered_at = 0, updated_at = ?" + KEY
            + Transitions.messageFrom(FAILED, IN_FLIGHT) + " AND attempts = ?";
    private static final String KILL = "UPDATE lottor_message SET state = '" + DEAD
            + "', last_error = ?, next_attempt_at = 0, delivered_at = 0, updated_at = ?" + KEY
            + Transitions.messageFrom(DEAD, IN_FLIGHT) + " AND attempts = ?";
    private static final String REQUEUE = "UPDATE lottor_message SET state = '" + READY
            + "', last_error = COALESCE(?, last_error), next_attempt_at = ?, delivered_at = 0, updated_at = ?" + KEY
            + Transitions.messageFrom(READY, IN_FLIGHT) + " AND attempts = ?";
    /** The deliveries REQUEUE_ORPHANS ends, each to become a DELIVERED event of its own. */
    private static final String ORPHANS_DELIVERED = "SELECT group_id, message_id, attempts, delivered_at, delivered_to"
            + " FROM lottor_message WHERE " + Transitions.messageFrom(READY, IN_FLIGHT) + " AND delivered_at > 0";
    private static final String REQUEUE_ORPHANS = "UPDATE lottor_message SET state = '" + READY
            + "', next_attempt_at = ?, delivered_at = 0, updated_at = ? WHERE "
            + Transitions.messageFrom(READY, IN_FLIGHT);
    /** Up to ? expired leases, locked for this transaction (other servers skip them). */
    static final String EXPIRED = "SELECT group_id, message_id, target, method, attempts, attempt_base"
            + " FROM lottor_message WHERE state = '" + IN_FLIGHT + "' AND lease_until < ? ORDER BY lease_until"
            + " LIMIT ?%s";
    /** The group's row, locked: servers consuming the last messages of a group at once take turns. */
    private static final String LOCK_GROUP = "SELECT state FROM lottor_group WHERE group_id = ?%s";
    private static final String UNCONSUMED = "SELECT 1 FROM lottor_message WHERE group_id = ? AND state <> '"
            + CONSUMED + "' LIMIT 1";
    /** The COMPLETED event is this row's completed_at. */
    private static final String COMPLETE_GROUP = "UPDATE lottor_group SET state = '" + COMPLETED
            + "', completed_at = ?, updated_at = ? WHERE group_id = ? AND "
            + Transitions.groupFrom(COMMITTED, COMPLETED);
    /**
     * COMPLETE_GROUP once none of the group's messages is left unconsumed, the check and the update in one
     * statement: for SQLite, whose one writer runs nothing in between, and for PostgreSQL after the group's
     * row is locked (the statement starts after the lock was granted, so it reads what the server that held
     * it committed). On MySQL the check is a read of its own, so that no row lock is taken in a subquery.
     */
    private static final String COMPLETE_GROUP_IF_ALL_CONSUMED = COMPLETE_GROUP
            + " AND NOT EXISTS (SELECT 1 FROM lottor_message WHERE group_id = ? AND state <> '" + CONSUMED + "')";

    private final String selectExpired;
    /**
     * Where the dialect runs statements together: CONSUME and the group's lock, then the completion inside
     * its UPDATE (PostgreSQL) or the read for unconsumed messages (MySQL), in one round trip.
     */
    private final String consumeTogether;
    /** The dialect's row lock, appended to the reads of rows about to be updated. */
    private final String rowLock;
    private final String selectDelivery;
    /** Null where one writer serialises all writes (SQLite): there is nothing to take turns for. */
    private final String lockGroup;
    private final boolean checkInsideUpdate;

    MessageWrites(Dialect dialect) {
        this.selectExpired = EXPIRED.formatted(dialect.claimLock());
        this.rowLock = dialect.rowLock();
        this.selectDelivery = DELIVERY + rowLock;
        this.lockGroup = dialect.rowLock().isEmpty() ? null : LOCK_GROUP.formatted(dialect.rowLock());
        this.checkInsideUpdate = lockGroup == null || dialect.updateSubqueriesReadWithoutLocks();
        this.consumeTogether = lockGroup == null || !dialect.runsStatementsTogether() ? null
                : CONSUME + "; " + lockGroup + "; " + (checkInsideUpdate ? COMPLETE_GROUP_IF_ALL_CONSUMED : UNCONSUMED);
    }

    WriteTask<List<Boolean>> claim(List<DeliveryClaim> claims, long now) {
        List<DeliveryClaim> copy = List.copyOf(claims);
        return tx -> {
            List<Boolean> applied = new ArrayList<>(copy.size());
            for (DeliveryClaim claim : copy) {
                applied.add(claim(tx, claim, now));
            }
            return applied;
        };
    }

    WriteTask<OutcomeResult> recordOutcome(MessageKey key, int attempt, DeliveryOutcome outcome, long now) {
        if (outcome instanceof DeliveryOutcome.Consumed consumed) {
            return tx -> consume(tx, key, attempt, consumed, now);
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

    WriteTask<Integer> requeueInFlight(long now, Collection<String> liveOwners) {
        List<String> live = List.copyOf(liveOwners);
        String notLive = live.isEmpty() ? ""
                : " AND (owner IS NULL OR owner NOT IN (" + Placeholders.of(live.size()) + "))";
        String delivered = ORPHANS_DELIVERED + notLive + rowLock;
        String sql = REQUEUE_ORPHANS + notLive;
        return tx -> {
            PreparedStatement select = tx.prepare(delivered);
            for (int i = 0; i < live.size(); i++) {
                select.setString(1 + i, live.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    EventWrites.append(tx, rows.getString(1), rows.getString(2), EventKind.DELIVERED,
                            EventWrites.consumer(rows.getString(5)), null, rows.getInt(3), rows.getLong(4));
                }
            }
            PreparedStatement update = tx.prepare(sql);
            update.setLong(1, now);
            update.setLong(2, now);
            for (int i = 0; i < live.size(); i++) {
                update.setString(3 + i, live.get(i));
            }
            return update.executeUpdate();
        };
    }

    /**
     * Selects the expired leases with a claim lock (on a shared database other servers skip them until
     * this transaction ends), then applies each one's outcome guarded by its attempt: a result stored
     * meanwhile wins. An expired lease is anyone's to end, whoever owned it.
     */
    WriteTask<List<ExpiredLease>> expireLeases(long endedBefore, long now, int limit, LeaseExpiry expiry) {
        return tx -> {
            List<ExpiredLease> expired = new ArrayList<>();
            for (ExpiredLease lease : expiredLeases(tx, endedBefore, limit, expiry)) {
                if (expire(tx, lease, now).applied()) {
                    expired.add(lease);
                }
            }
            return expired;
        };
    }

    private List<ExpiredLease> expiredLeases(Transaction tx, long endedBefore, int limit, LeaseExpiry expiry)
            throws SQLException {
        PreparedStatement select = tx.prepare(selectExpired);
        select.setLong(1, endedBefore);
        select.setInt(2, limit);
        List<ExpiredLease> leases = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                int attempt = rows.getInt(5);
                leases.add(new ExpiredLease(new MessageKey(rows.getString(1), rows.getString(2)), rows.getString(3),
                        rows.getString(4), attempt, expiry.outcome(attempt, rows.getInt(6))));
            }
        }
        return leases;
    }

    private OutcomeResult expire(Transaction tx, ExpiredLease lease, long now) throws SQLException {
        if (lease.outcome() instanceof DeliveryOutcome.Failed failed) {
            return applied(tx, new Guarded(FAIL, EventKind.FAILED), lease.key(), lease.attempt(),
                    Truncate.error(failed.error()), failed.nextAttemptAt(), now);
        }
        if (lease.outcome() instanceof DeliveryOutcome.Dead dead) {
            return applied(tx, new Guarded(KILL, EventKind.DEAD), lease.key(), lease.attempt(),
                    Truncate.error(dead.error()), null, now);
        }
        throw new IllegalArgumentException("an expired lease is FAILED or DEAD, not " + lease.outcome());
    }

    /** One claim, guarded by state and previous attempt, with its delivered_at; answers whether it applied. */
    static boolean claim(Transaction tx, DeliveryClaim claim, long now) throws SQLException {
        PreparedStatement update = tx.prepare(CLAIM);
        update.setInt(1, claim.attempt());
        update.setString(2, claim.owner());
        update.setLong(3, claim.leaseUntil());
        update.setString(4, claim.deliveredTo());
        update.setLong(5, now);
        update.setLong(6, now);
        setKey(update, 7, claim.key());
        update.setInt(9, claim.attempt() - 1);
        return update.executeUpdate() == 1;
    }

    private OutcomeResult consume(Transaction tx, MessageKey key, int attempt, DeliveryOutcome.Consumed consumed,
            long now) throws SQLException {
        if (consumeTogether != null) {
            return consumeTogether(tx, key, attempt, consumed, now);
        }
        PreparedStatement update = tx.prepare(CONSUME);
        bindConsume(update, key, attempt, consumed, now);
        if (update.executeUpdate() == 0) {
            return OutcomeResult.NOT_APPLIED;
        }
        boolean completed = completeIfAllConsumed(tx, key.groupId(), now);
        return new OutcomeResult(true, completed);
    }

    /**
     * CONSUME, the group's lock, then its completion (PostgreSQL) or the read for unconsumed messages
     * (MySQL, which completes with a statement of its own after), sent together. The lock and what follows
     * it run whether or not the consume applied, and read after the lock was granted. A completion then
     * finds nothing to do when the consume did not apply: every write that consumes a group's last message
     * completes the group in the same transaction.
     */
    private OutcomeResult consumeTogether(Transaction tx, MessageKey key, int attempt,
            DeliveryOutcome.Consumed consumed, long now) throws SQLException {
        PreparedStatement all = checkInsideUpdate ? tx.prepareTogether(consumeTogether, 2, 1)
                : tx.prepareTogether(consumeTogether, 1, 2);
        bindConsume(all, key, attempt, consumed, now);
        all.setString(9, key.groupId());
        if (checkInsideUpdate) {
            all.setLong(10, now);
            all.setLong(11, now);
            all.setString(12, key.groupId());
            all.setString(13, key.groupId());
        } else {
            all.setString(10, key.groupId());
        }
        int[] counts = Transaction.runTogether(all, 3);
        if (counts[0] == 0) {
            return OutcomeResult.NOT_APPLIED;
        }
        boolean completed = checkInsideUpdate ? counts[2] == 1 : counts[2] == 0 && complete(tx, key.groupId(), now);
        return new OutcomeResult(true, completed);
    }

    private static void bindConsume(PreparedStatement update, MessageKey key, int attempt,
            DeliveryOutcome.Consumed consumed, long now) throws SQLException {
        update.setString(1, consumed.instanceId());
        update.setLong(2, now);
        update.setLong(3, now);
        setKey(update, 4, key);
        update.setInt(6, attempt);
        update.setString(7, consumed.service());
        update.setString(8, consumed.deliveredTo());
    }

    /**
     * Runs a guarded IN_FLIGHT → x update (error, then next attempt when not null, now, key, attempt)
     * and, when it applied, records the attempt's DELIVERED event (read from the row before the update
     * clears delivered_at) and its own.
     */
    private OutcomeResult applied(Transaction tx, Guarded guarded, MessageKey key, int attempt, String error,
            Long nextAttemptAt, long now) throws SQLException {
        PreparedStatement select = tx.prepare(selectDelivery);
        setKey(select, 1, key);
        select.setInt(3, attempt);
        long deliveredAt = 0;
        String deliveredTo = null;
        try (ResultSet row = select.executeQuery()) {
            if (row.next()) {
                deliveredAt = row.getLong(1);
                deliveredTo = row.getString(2);
            }
        }
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
        if (deliveredAt > 0) {
            EventWrites.append(tx, key.groupId(), key.messageId(), EventKind.DELIVERED,
                    EventWrites.consumer(deliveredTo), null, attempt, deliveredAt);
        }
        EventWrites.append(tx, key.groupId(), key.messageId(), guarded.event(), EventWrites.SERVER, error, attempt, now);
        return new OutcomeResult(true, false);
    }

    /**
     * Waits for and locks the group's row. Without it two servers consuming a group's last two messages
     * at once would each still see the other's message unconsumed (READ COMMITTED) and neither would
     * complete the group; with it the second one reads after the first committed.
     */
    private void lockGroup(Transaction tx, String groupId) throws SQLException {
        PreparedStatement select = tx.prepare(lockGroup);
        select.setString(1, groupId);
        try (ResultSet row = select.executeQuery()) {
            row.next();
        }
    }

    /** COMMITTED → COMPLETED when the group has no unconsumed message left; answers whether it applied. */
    private boolean completeIfAllConsumed(Transaction tx, String groupId, long now) throws SQLException {
        if (lockGroup != null) {
            lockGroup(tx, groupId);
        }
        if (checkInsideUpdate) {
            PreparedStatement update = tx.prepare(COMPLETE_GROUP_IF_ALL_CONSUMED);
            update.setLong(1, now);
            update.setLong(2, now);
            update.setString(3, groupId);
            update.setString(4, groupId);
            return update.executeUpdate() == 1;
        }
        return !hasUnconsumed(tx, groupId) && complete(tx, groupId, now);
    }

    /** COMMITTED → COMPLETED, its messages found all consumed; answers whether it applied. */
    private static boolean complete(Transaction tx, String groupId, long now) throws SQLException {
        PreparedStatement update = tx.prepare(COMPLETE_GROUP);
        update.setLong(1, now);
        update.setLong(2, now);
        update.setString(3, groupId);
        return update.executeUpdate() == 1;
    }

    private static boolean hasUnconsumed(Transaction tx, String groupId) throws SQLException {
        PreparedStatement select = tx.prepare(UNCONSUMED);
        select.setString(1, groupId);
        try (ResultSet row = select.executeQuery()) {
            return row.next();
        }
    }

    private static void setKey(PreparedStatement statement, int index, MessageKey key) throws SQLException {
        statement.setString(index, key.groupId());
        statement.setString(index + 1, key.messageId());
    }

    /** A guarded update and the event it records when it applies. */
    private record Guarded(String sql, EventKind event) {
    }
}
