-- Groups and their messages (MySQL 8 / MariaDB 10.6+; the same tables, columns and indexes as
-- sqlite/V1). InnoDB, utf8mb4 with the binary collation: ids compare byte by byte and case matters, as
-- in SQLite. Times are epoch milliseconds; states are the names of GroupState and MessageState. JSON
-- maps (attributes, headers) are text, NULL when empty. Lengths hold the model's limits: ids 64
-- characters, names 128.

CREATE TABLE lottor_group (
    group_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    source         VARCHAR(128) NOT NULL,
    instance_id    VARCHAR(128) NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    content_hash   VARCHAR(64)  NOT NULL,
    check_after_ms BIGINT       NOT NULL,
    next_check_at  BIGINT       NOT NULL,
    check_backs    INT          NOT NULL DEFAULT 0,
    attributes     TEXT,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    -- due check-backs: state = 'PREPARED' AND next_check_at <= ? ORDER BY next_check_at
    INDEX lottor_group_due_check (state, next_check_at),
    -- purge: state IN ('COMPLETED', 'ROLLED_BACK') AND updated_at < ?
    INDEX lottor_group_finished (state, updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The primary key (group_id, message_id) is also the index for a group's messages.
CREATE TABLE lottor_message (
    group_id        VARCHAR(64)  NOT NULL,
    message_id      VARCHAR(64)  NOT NULL,
    seq             INT          NOT NULL,
    target          VARCHAR(128) NOT NULL,
    method          VARCHAR(128) NOT NULL,
    payload         LONGBLOB     NOT NULL,
    content_type    VARCHAR(128) NOT NULL,
    headers         TEXT,
    state           VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL DEFAULT 0,
    last_error      TEXT,
    consumed_by     VARCHAR(128),
    delivered_to    VARCHAR(128),
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    PRIMARY KEY (group_id, message_id),
    -- due messages: target = ? AND state IN ('READY', 'FAILED') AND next_attempt_at <= ?
    INDEX lottor_message_due (target, state, next_attempt_at),
    CONSTRAINT lottor_message_group FOREIGN KEY (group_id) REFERENCES lottor_group (group_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
