-- Groups and their messages (PostgreSQL; the same tables, columns and indexes as sqlite/V1). Times are
-- epoch milliseconds; states are the names of GroupState and MessageState. JSON maps (attributes,
-- headers) are text, NULL when empty. Ids compare byte by byte (COLLATE "C"), as in SQLite, whatever
-- the database's locale. Lengths hold the model's limits: ids 64 characters, names 128.

CREATE TABLE lottor_group (
    group_id       VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
    source         VARCHAR(128) NOT NULL,
    instance_id    VARCHAR(128) NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    content_hash   VARCHAR(64)  NOT NULL,
    check_after_ms BIGINT       NOT NULL,
    next_check_at  BIGINT       NOT NULL,
    check_backs    INTEGER      NOT NULL DEFAULT 0,
    attributes     TEXT,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL
);

-- due check-backs: state = 'PREPARED' AND next_check_at <= ? ORDER BY next_check_at
CREATE INDEX lottor_group_due_check ON lottor_group (state, next_check_at);
-- purge: state IN ('COMPLETED', 'ROLLED_BACK') AND updated_at < ?
CREATE INDEX lottor_group_finished ON lottor_group (state, updated_at);

-- The primary key (group_id, message_id) is also the index for a group's messages.
CREATE TABLE lottor_message (
    group_id        VARCHAR(64)  COLLATE "C" NOT NULL REFERENCES lottor_group (group_id) ON DELETE CASCADE,
    message_id      VARCHAR(64)  COLLATE "C" NOT NULL,
    seq             INTEGER      NOT NULL,
    target          VARCHAR(128) NOT NULL,
    method          VARCHAR(128) NOT NULL,
    payload         BYTEA        NOT NULL,
    content_type    VARCHAR(128) NOT NULL,
    headers         TEXT,
    state           VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL DEFAULT 0,
    last_error      TEXT,
    consumed_by     VARCHAR(128),
    delivered_to    VARCHAR(128),
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    PRIMARY KEY (group_id, message_id)
);

-- due messages: target = ? AND state IN ('READY', 'FAILED') AND next_attempt_at <= ?
CREATE INDEX lottor_message_due ON lottor_message (target, state, next_attempt_at);
