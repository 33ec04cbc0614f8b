-- The sweeps' indexes hold only the rows their sweep looks for. A full index on (state, ...) moves a
-- row's entry at every state change, though a sweep only ever reads one or two states: most of the
-- index writes of a group's life were for nothing. Partial, each index is written when a row enters
-- its states and when it leaves them. (SQLite uses a partial index only for a query whose WHERE has
-- the index's condition as one of its terms, written the same: the queries repeat it.)

-- lease sweep: state = 'IN_FLIGHT' AND lease_until < ?
DROP INDEX lottor_message_lease;
CREATE INDEX lottor_message_lease ON lottor_message (state, lease_until) WHERE state = 'IN_FLIGHT';

-- due messages, per method: target = ? AND method = ? AND state IN ('READY', 'FAILED') AND state = ?
-- AND next_attempt_at <= ?
DROP INDEX lottor_message_due;
CREATE INDEX lottor_message_due ON lottor_message (target, method, state, next_attempt_at)
    WHERE state IN ('READY', 'FAILED');

-- due check-backs: state = 'PREPARED' AND next_check_at <= ?
DROP INDEX lottor_group_due_check;
CREATE INDEX lottor_group_due_check ON lottor_group (state, next_check_at) WHERE state = 'PREPARED';

-- finished-group purge: state IN ('COMPLETED', 'ROLLED_BACK') AND state = ? AND updated_at < ?
DROP INDEX lottor_group_finished;
CREATE INDEX lottor_group_finished ON lottor_group (state, updated_at) WHERE state IN ('COMPLETED', 'ROLLED_BACK');
