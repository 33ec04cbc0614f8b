-- Compact history (MySQL / MariaDB; as sqlite/V9): PREPARED, COMMITTED, the current attempt's DELIVERED,
-- CONSUMED and COMPLETED are columns of the rows whose state they change, set by the same UPDATE; the
-- history read derives them from there. lottor_event keeps check-backs, operators' actions, rollbacks,
-- failures, and the DELIVERED of an attempt that did not end in CONSUMED. 0 means "not yet"; epoch ms.

ALTER TABLE lottor_group
    ADD COLUMN committed_at BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN committed_by VARCHAR(255),
    ADD COLUMN completed_at BIGINT NOT NULL DEFAULT 0;

ALTER TABLE lottor_message
    ADD COLUMN delivered_at BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN consumed_at  BIGINT NOT NULL DEFAULT 0;

-- PREPARED is read from created_at now, for the groups stored before as well
DELETE FROM lottor_event WHERE kind = 'PREPARED';
