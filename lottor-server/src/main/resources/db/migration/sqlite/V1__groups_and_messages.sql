-- Groups and their messages. Times are epoch milliseconds; states are the names of GroupState and
-- MessageState. JSON maps (attributes, headers) are text, NULL when empty.

CREATE TABLE lottor_group (
    group_id       TEXT    NOT NULL PRIMARY KEY,
    source         TEXT    NOT NULL,
    instance_id    TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    content_hash   TEXT    NOT NULL,
    check_after_ms INTEGER NOT NULL,
    next_check_at  INTEGER NOT NULL,
    check_backs    INTEGER NOT NULL DEFAULT 0,
    attributes     TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- due check-backs: state = 'PREPARED' AND next_check_at <= ? ORDER BY next_check_at
CREATE INDEX lottor_group_due_check ON lottor_group (state, next_check_at);
-- purge: state IN ('COMPLETED', 'ROLLED_BACK') AND updated_at < ?
CREATE INDEX lottor_group_finished ON lottor_group (state, updated_at);

-- The primary key (group_id, message_id) is also the index for a group's messages.
CREATE TABLE lottor_message (
    group_id        TEXT    NOT NULL REFERENCES lottor_group (group_id) ON DELETE CASCADE,
    message_id      TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    target          TEXT    NOT NULL,
    method          TEXT    NOT NULL,
    payload         BLOB    NOT NULL,
    content_type    TEXT    NOT NULL,
    headers         TEXT,
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    consumed_by     TEXT,
    delivered_to    TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (group_id, message_id)
);

-- due messages: target = ? AND state IN ('READY', 'FAILED') AND next_attempt_at <= ?
CREATE INDEX lottor_message_due ON lottor_message (target, state, next_attempt_at);
