-- Deliveries are claimed by lease (as sqlite/V5): an IN_FLIGHT message records the server that owns its
-- delivery and until when (the ack timeout); a lease that ended with no result is expired by a sweep of
-- the store, so no message stays IN_FLIGHT for ever. attempt_base is the message's attempts when an
-- operator last retried it: attempt numbers never repeat, and the attempts counted against max_attempts
-- are those after it. Times are epoch milliseconds.

ALTER TABLE lottor_message
    ADD COLUMN owner        VARCHAR(64),
    ADD COLUMN lease_until  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN attempt_base INT    NOT NULL DEFAULT 0;

-- lease sweep: state = 'IN_FLIGHT' AND lease_until < ?
CREATE INDEX lottor_message_lease ON lottor_message (state, lease_until);

-- due messages, per method: target = ? AND method = ? AND state = ? AND next_attempt_at <= ?
DROP INDEX lottor_message_due ON lottor_message;
CREATE INDEX lottor_message_due ON lottor_message (target, method, state, next_attempt_at);
