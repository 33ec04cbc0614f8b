-- The sweeps' indexes hold only the rows their sweep looks for (as sqlite/V8). A full index on
-- (state, ...) takes a new entry at every UPDATE of a row: a state change is never a HOT update, so
-- PostgreSQL inserts into every index of the table, though a sweep only ever reads one or two states.
-- Partial, each index takes an entry only for a row version in its states. PostgreSQL uses a partial
-- index for a query whose WHERE implies the index's condition: the queries have it as a term.
--
-- Flyway runs a migration in one transaction, so neither statement can be CONCURRENTLY: each DROP INDEX
-- locks its table until the migration commits, and reads and writes of both tables wait for the four
-- builds, on tables of millions of rows for seconds.

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
