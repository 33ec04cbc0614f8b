-- Compact history: the events every group has on its way through (PREPARED, COMMITTED, the current
-- attempt's DELIVERED, CONSUMED, COMPLETED) are no longer rows of lottor_event but columns of the rows
-- whose state they change, set by the same UPDATE; the history read derives them from there
-- (AdminReads). lottor_event keeps what is not on the happy path: check-backs, operators' actions,
-- rollbacks, failures, and the DELIVERED of an attempt that did not end in CONSUMED (written when the
-- attempt fails, from delivered_at). 0 means "not yet"; times are epoch milliseconds.

ALTER TABLE lottor_group ADD COLUMN committed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lottor_group ADD COLUMN committed_by TEXT;
ALTER TABLE lottor_group ADD COLUMN completed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lottor_message ADD COLUMN delivered_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lottor_message ADD COLUMN consumed_at INTEGER NOT NULL DEFAULT 0;

-- PREPARED is read from created_at now, for the groups stored before as well
DELETE FROM lottor_event WHERE kind = 'PREPARED';
