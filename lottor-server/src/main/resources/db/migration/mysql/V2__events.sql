-- The history of each group (what happened, when, by whom), and the indexes of the admin API's
-- listings (MySQL / MariaDB; as sqlite/V2). Times are epoch milliseconds; kinds are the names of
-- io.lottor.server.group.EventKind.

-- event_id orders events written in the same millisecond. Events go with their group: deleting
-- (purging) a group deletes its history.
CREATE TABLE lottor_event (
    event_id   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    group_id   VARCHAR(64)  NOT NULL,
    message_id VARCHAR(64),
    at         BIGINT       NOT NULL,
    kind       VARCHAR(32)  NOT NULL,
    actor      VARCHAR(255),
    detail     TEXT,
    attempt    INT,
    -- a group's history: group_id = ? ORDER BY at, event_id; also the cascade's lookup
    INDEX lottor_event_group (group_id, at),
    CONSTRAINT lottor_event_group_fk FOREIGN KEY (group_id) REFERENCES lottor_group (group_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- groups page: ORDER BY created_at DESC, group_id DESC (created_at never changes: cheap to keep)
CREATE INDEX lottor_group_created ON lottor_group (created_at, group_id);

-- messages page by state: state IN (...) ORDER BY updated_at DESC, group_id DESC, message_id DESC
CREATE INDEX lottor_message_state_updated ON lottor_message (state, updated_at);
